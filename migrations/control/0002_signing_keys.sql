-- Keys that sign access tokens. The newest active key signs; every unretired key verifies, so a
-- key can be rotated without signing everyone out at once.
CREATE TABLE control.signing_keys (
  id uuid PRIMARY KEY,
  secret text NOT NULL CHECK (length(secret) >= 43),
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz
);
