-- White-label brands: what the app shows (name, product name, logo, colours, support contact)
-- for the platform, a partner or a tenant. A request's brand is resolved from its host name or,
-- failing that, from the signed-in membership's tenant and its partner chain.
--
-- The API validates every field first; these checks are the backstop. The logo is a data URL of
-- an SVG or PNG image, shown only through <img src> (never as markup, so an SVG cannot script).

CREATE TABLE control.brands (
  id uuid PRIMARY KEY,
  owner_kind text NOT NULL CHECK (owner_kind IN ('platform', 'partner', 'tenant')),
  partner_id uuid UNIQUE REFERENCES control.partners (id),
  tenant_id uuid UNIQUE REFERENCES control.tenants (id),
  name text NOT NULL CHECK (length(name) BETWEEN 1 AND 120),
  product_name text NOT NULL CHECK (length(product_name) BETWEEN 1 AND 120),
  logo text NOT NULL CHECK (
    octet_length(logo) <= 65536
    AND logo ~ '^data:image/(svg\+xml|png);base64,[A-Za-z0-9+/]+={0,2}$'
  ),
  primary_color text NOT NULL CHECK (primary_color ~ '^#[0-9a-f]{6}$'),
  accent_color text NOT NULL CHECK (accent_color ~ '^#[0-9a-f]{6}$'),
  support_email text NOT NULL CHECK (
    length(support_email) <= 320 AND support_email ~ '^[^[:space:]@]+@[^[:space:]@]+\.[^[:space:]@]+$'
  ),
  support_url text CHECK (length(support_url) <= 2048 AND support_url ~ '^https://[^[:space:]]+$'),
  -- the host names that show this brand whatever the caller; unique across brands (below)
  hostnames text[] NOT NULL DEFAULT '{}' CHECK (cardinality(hostnames) <= 20),
  updated_at timestamptz NOT NULL DEFAULT now(),
  updated_by uuid REFERENCES control.users (id),
  -- exactly the owner of its kind: the platform has no id, a partner or tenant its own
  CHECK (
    (owner_kind = 'platform' AND partner_id IS NULL AND tenant_id IS NULL)
    OR (owner_kind = 'partner' AND partner_id IS NOT NULL AND tenant_id IS NULL)
    OR (owner_kind = 'tenant' AND tenant_id IS NOT NULL AND partner_id IS NULL)
  )
);
-- At most one platform brand (partner and tenant brands: the UNIQUE columns above).
CREATE UNIQUE INDEX brands_one_platform_idx ON control.brands (owner_kind) WHERE owner_kind = 'platform';

-- One row per host name: its primary key makes a host name belong to one brand at most. Kept
-- equal to `brands.hostnames` by the trigger below, in the same statement as the brand's write.
CREATE TABLE control.brand_hostnames (
  hostname text PRIMARY KEY CHECK (
    length(hostname) <= 253
    AND hostname ~ '^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$'
  ),
  brand_id uuid NOT NULL REFERENCES control.brands (id) ON DELETE CASCADE
);
CREATE INDEX brand_hostnames_brand_idx ON control.brand_hostnames (brand_id);

CREATE FUNCTION control.sync_brand_hostnames() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM control.brand_hostnames WHERE brand_id = NEW.id;
  INSERT INTO control.brand_hostnames (hostname, brand_id)
    SELECT DISTINCT h, NEW.id FROM unnest(NEW.hostnames) AS h;
  RETURN NULL;
END;
$$;

CREATE TRIGGER brands_sync_hostnames
  AFTER INSERT OR UPDATE OF hostnames ON control.brands
  FOR EACH ROW EXECUTE FUNCTION control.sync_brand_hostnames();

-- Every installation shows a brand: the platform's, until its operators edit it.
INSERT INTO control.brands (id, owner_kind, name, product_name, logo, primary_color, accent_color, support_email)
VALUES (
  gen_random_uuid(), 'platform', 'Tessera', 'Tessera',
  'data:image/svg+xml;base64,PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCA2NCA2NCI+PHJlY3Qgd2lkdGg9IjY0IiBoZWlnaHQ9IjY0IiByeD0iMTIiIGZpbGw9IiMzMzQxNTUiLz48dGV4dCB4PSIzMiIgeT0iNDMiIGZvbnQtZmFtaWx5PSJzYW5zLXNlcmlmIiBmb250LXNpemU9IjMwIiBmb250LXdlaWdodD0iNzAwIiBmaWxsPSIjZmZmZmZmIiB0ZXh0LWFuY2hvcj0ibWlkZGxlIj5UPC90ZXh0Pjwvc3ZnPg==',
  '#334155', '#0ea5e9', 'support@tessera.invalid'
);
