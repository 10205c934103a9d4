"""The trained outcome/output classifier. Written by `krlint train`; do not edit."""

# krlint loads model.joblib only when its SHA-256 is this one: a pickle runs code.
SHA256 = "913c992c62410adc946bae079b2e82dcbf640636eb00590dbe9b93fc215707fe"
