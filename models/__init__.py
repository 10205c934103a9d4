"""The trained outcome/output classifier. Written by `krlint train`; do not edit."""

# krlint loads model.joblib only when its SHA-256 is this one: a pickle runs code.
SHA256 = "caf70d731d2374e296e008a9a5d538279b6b078b50e8328383b2e1a7b48e4ae5"
