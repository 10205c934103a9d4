"""The trained outcome/output classifier. Written by `krlint train`; do not edit."""

# krlint loads model.joblib only when its SHA-256 is this one: a pickle runs code.
SHA256 = "840711d7945ab74d3e1b8c737db16778a59b677d357eccb24c1ba82fe7bdb8ec"
