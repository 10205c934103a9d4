"""The trained outcome/output classifier. Written by `krlint train`; do not edit."""

# krlint loads model.joblib only when its SHA-256 is this one: a pickle runs code.
SHA256 = "767620ef50e3c09b57208b68cd1e3f19a6f55d55d08fff9507c13e4ae33fd420"
