"""The trained outcome/output classifier. Written by `krlint train`; do not edit."""

# krlint loads model.joblib only when its SHA-256 is this one: a pickle runs code.
SHA256 = "b0512d6529b5390251682acf43f9ed2f44ded33263e1705a14a4e37983ceeffc"
