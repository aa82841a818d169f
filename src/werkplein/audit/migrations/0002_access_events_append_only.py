"""Makes the access log append-only in the database itself, not only in the application.

UPDATE is refused on both databases. DELETE is refused on PostgreSQL; SQLite keeps DELETE
possible because Django's test flush empties tables with DELETE (PostgreSQL uses TRUNCATE).
"""

from django.db import migrations

SQLITE_UP = """
CREATE TRIGGER audit_accessevent_no_update BEFORE UPDATE ON audit_accessevent
BEGIN SELECT RAISE(ABORT, 'access events are append-only'); END;
"""
SQLITE_DOWN = "DROP TRIGGER IF EXISTS audit_accessevent_no_update;"

POSTGRES_UP = """
CREATE OR REPLACE FUNCTION audit_accessevent_refuse_change() RETURNS trigger AS $$
BEGIN RAISE EXCEPTION 'access events are append-only'; END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER audit_accessevent_no_change BEFORE UPDATE OR DELETE ON audit_accessevent
FOR EACH ROW EXECUTE FUNCTION audit_accessevent_refuse_change();
"""
POSTGRES_DOWN = """
DROP TRIGGER IF EXISTS audit_accessevent_no_change ON audit_accessevent;
DROP FUNCTION IF EXISTS audit_accessevent_refuse_change();
"""


def install(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_UP)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_UP)


def uninstall(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_DOWN)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_DOWN)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, uninstall)]
