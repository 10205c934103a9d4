"""The trained outcome/output classifier. Written by `krlint train`; do not edit."""

# krlint loads model.joblib only when its SHA-256 is this one: a pickle runs code.
SHA256 = "98dcbc2aedca919a9027a915934df3b019c4067266f15a4808da78ab7946c22d"
