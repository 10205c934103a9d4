"""The trained outcome/output classifier. Written by `krlint train`; do not edit."""

# krlint loads model.joblib only when its SHA-256 is this one: a pickle runs code.
SHA256 = "e01a99f7a7c25f79d94b507d5e1a19aa3733d5978f86895f31cb0f69162ec5d3"
