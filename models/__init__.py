"""The trained outcome/output classifier. Written by `krlint train`; do not edit."""

# krlint loads model.joblib only when its SHA-256 is this one: a pickle runs code.
SHA256 = "2e9d9359b3a4e0647c7e078a5449f34d6673644f3ba7ce13c3a9a3edc584b7ca"
