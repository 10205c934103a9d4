"""The trained outcome/output classifier. Written by `krlint train`; do not edit."""

# krlint loads model.joblib only when its SHA-256 is this one: a pickle runs code.
SHA256 = "e2bc549fc25049d0a2cd7e3e2f57c1ebf2250f5c94eea6bb417bb2f38d0130f6"
