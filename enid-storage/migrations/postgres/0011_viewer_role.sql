-- The viewer role: read-only staff.
ALTER TABLE store_members DROP CONSTRAINT store_members_role_check;
ALTER TABLE store_members ADD CONSTRAINT store_members_role_check
    CHECK (role IN ('admin', 'staff', 'viewer', 'customer'));
