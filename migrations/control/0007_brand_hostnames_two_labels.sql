-- A host name a brand claims has two labels or more, the last not numeric: a bare name
-- (localhost) or an IP address would take over the look of every visitor who uses it.
-- Claims of such names made before this check are dropped (the trigger of 0006 syncs the index).

UPDATE control.brands
   SET hostnames = ARRAY(
     SELECT h FROM unnest(hostnames) AS h
      WHERE h ~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$'
   )
 WHERE EXISTS (
   SELECT 1 FROM unnest(hostnames) AS h
    WHERE h !~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$'
 );

ALTER TABLE control.brand_hostnames DROP CONSTRAINT brand_hostnames_hostname_check;
ALTER TABLE control.brand_hostnames ADD CONSTRAINT brand_hostnames_hostname_check CHECK (
  length(hostname) <= 253
  AND hostname ~ '^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$'
);
