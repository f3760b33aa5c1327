-- A signed waiver cannot be altered: what was signed, by whom, when and how stays as written.
-- Only the customer columns may be re-pointed, when a merge folds a duplicate profile into another.
CREATE FUNCTION waiver_signatures_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    RAISE EXCEPTION 'waiver signatures cannot be deleted' USING ERRCODE = 'P0001';
  END IF;
  IF (NEW.studio_id, NEW.id, NEW.waiver_id, NEW.version, NEW.signer_name, NEW.method, NEW.body_sha256,
      NEW.signature_image, NEW.ip, NEW.user_agent, NEW.witness_id, NEW.request_id, NEW.signed_at)
     IS DISTINCT FROM
     (OLD.studio_id, OLD.id, OLD.waiver_id, OLD.version, OLD.signer_name, OLD.method, OLD.body_sha256,
      OLD.signature_image, OLD.ip, OLD.user_agent, OLD.witness_id, OLD.request_id, OLD.signed_at) THEN
    RAISE EXCEPTION 'a signed waiver cannot be altered' USING ERRCODE = 'P0001';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER waiver_signatures_immutable BEFORE UPDATE OR DELETE ON waiver_signatures
  FOR EACH ROW EXECUTE FUNCTION waiver_signatures_immutable();
--> statement-breakpoint
-- Versions are history too: a new text is a new version.
CREATE FUNCTION waiver_versions_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'a waiver version cannot be altered' USING ERRCODE = 'P0001';
END $$;
--> statement-breakpoint
CREATE TRIGGER waiver_versions_immutable BEFORE UPDATE OR DELETE ON waiver_versions
  FOR EACH ROW EXECUTE FUNCTION waiver_versions_immutable();
