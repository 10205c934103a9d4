"""The trained outcome/output classifier. Written by `krlint train`; do not edit."""

# krlint loads model.joblib only when its SHA-256 is this one: a pickle runs code.
SHA256 = "c77fab6eca2e8a36bf7a6ba00639c91cbe4c21c44b5f6173012e58ef4c7a1dbb"
