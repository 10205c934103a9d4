"""The trained outcome/output classifier. Written by `krlint train`; do not edit."""

# krlint loads model.joblib only when its SHA-256 is this one: a pickle runs code.
SHA256 = "db113ace59e2d93602d047220677a381a3755f1ad8677c7768a98c1d8f955585"
