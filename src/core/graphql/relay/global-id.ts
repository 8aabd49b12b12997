/**
 * Opaque global IDs (Relay object identification): base64url of `Type:uuid`. Clients must treat
 * them as opaque; the server checks both the type and the shape of the id before any query.
 */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A lowercase UUID as Postgres prints them: safe to pass where a uuid is expected. */
export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

const TYPE = /^[A-Z][A-Za-z]{0,40}$/;

export interface DecodedGlobalId {
  type: string;
  id: string;
}

export function toGlobalId(type: string, id: string): string {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}

/**
 * toGlobalId as SQL over the uuid expression `id`, for planned statements (planning/): the
 * same string, made by Postgres beside the row it reads. base64 with `+/` made `-_` and the
 * padding dropped is base64url; Postgres breaks base64 lines at 76 characters, which
 * `Type:uuid` stays under for type names of up to 20 characters (checked here).
 */
export function globalIdSql(type: string, id: string): string {
  if (!TYPE.test(type) || type.length > 20) throw new Error(`globalIdSql: type name ${type}`);
  return `translate(encode(convert_to('${type}:' || ${id}, 'UTF8'), 'base64'), '+/=', '-_')`;
}

/** The decoded id, or null when `globalId` is not a well-formed global ID. */
export function parseGlobalId(globalId: unknown): DecodedGlobalId | null {
  if (typeof globalId !== 'string' || globalId.length === 0 || globalId.length > 120) return null;
  if (!/^[A-Za-z0-9_-]+$/.test(globalId)) return null;
  const text = Buffer.from(globalId, 'base64url').toString('utf8');
  const colon = text.indexOf(':');
  if (colon < 0) return null;
  const type = text.slice(0, colon);
  const id = text.slice(colon + 1);
  if (!TYPE.test(type) || !isUuid(id)) return null;
  // base64url decoding ignores stray trailing characters; only the one canonical spelling of
  // an id is accepted, so an object has exactly one global ID.
  if (toGlobalId(type, id) !== globalId) return null;
  return { type, id };
}

/** The database id behind `globalId` when it names an object of `type`, else null. */
export function decodeGlobalId(globalId: unknown, type: string): string | null {
  const decoded = parseGlobalId(globalId);
  return decoded && decoded.type === type ? decoded.id : null;
}
