"""The trained outcome/output classifier. Written by `krlint train`; do not edit."""

# krlint loads model.joblib only when its SHA-256 is this one: a pickle runs code.
SHA256 = "ca4b2ee4552c77ca29e82b8ca9b7e1473675e8144d13918d8eb2e4583adec78e"
