"""Applicants' accounts (实名注册): a person registers with their real name, resident ID
number (checked as at the window) and mobile number; the identity provider keeps the account,
and its tokens carry the verified ID number that names them on their cases."""
