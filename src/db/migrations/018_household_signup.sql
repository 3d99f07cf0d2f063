-- Household sign-up with a mobile number and an SMS code (accounts/signup.hpp). The number of a self-registered
-- account is kept encrypted with its mask; its username is derived from the number's keyed blind index.
ALTER TABLE users ADD COLUMN phone_enc {{blob}};
ALTER TABLE users ADD COLUMN phone_mask TEXT;

-- One row per code sent: only a keyed hash of the number (phone_bidx, hex) and a hash of the code are stored.
-- attempts counts wrong guesses; used_at is set once, by a conditional update, when an account is made.
CREATE TABLE signup_codes (
  id {{pk}},
  phone_bidx TEXT NOT NULL,
  code_hash TEXT NOT NULL,
  ip TEXT NOT NULL DEFAULT '',
  created_at TEXT NOT NULL,
  expires_at TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  used_at TEXT
);
CREATE INDEX signup_codes_phone ON signup_codes (phone_bidx, created_at);
CREATE INDEX signup_codes_ip ON signup_codes (ip, created_at);
