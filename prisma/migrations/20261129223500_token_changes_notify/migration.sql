-- Every app instance caches who a bearer token stands for for a few seconds. Whatever changes
-- what a token may do (revocation, expiry, scopes, narrowing, its owner's role or disabled flag,
-- deletion) notifies every instance, from whichever instance, script or console made it, and
-- each one empties its cache (lib/services/token-cache.ts). Statement-level: one notification
-- per change, however many rows.
CREATE FUNCTION modelgate_tokens_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('modelgate_tokens', json_build_object('table', TG_TABLE_NAME, 'op', TG_OP)::text);
  RETURN NULL;
END
$$;

CREATE TRIGGER api_tokens_changed
  AFTER UPDATE OF revoked_at, expires_at, scopes, deployment_ids, model_id, user_id, token_hash, created_by_id OR DELETE
  ON "api_tokens" FOR EACH STATEMENT EXECUTE FUNCTION modelgate_tokens_changed();

CREATE TRIGGER users_changed
  AFTER UPDATE OF role, disabled, email, name OR DELETE
  ON "users" FOR EACH STATEMENT EXECUTE FUNCTION modelgate_tokens_changed();
