"""Japanese text helpers shared by every app: normalisation, validators, 和暦 and dates."""
