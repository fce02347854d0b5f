/**
 * Private sync: what the server stores is encrypted in the extension first, with WebCrypto. A passphrase gives,
 * through PBKDF2-SHA-256 (600,000 iterations, OWASP's figure for it), one key to encrypt documents (AES-GCM 256,
 * a fresh 96-bit IV for every write) and one to name them (HMAC-SHA-256 of the paper's id: two devices clipping
 * the same paper write the same document, and the server learns no id). Both keys are non-extractable: they can
 * be kept in IndexedDB, never read back out, and the passphrase itself is never stored.
 */

export const PBKDF2_ITERATIONS = 600_000;

export interface SyncKeys {
  encrypt: CryptoKey;
  name: CryptoKey;
}

const utf8 = new TextEncoder();

/** Derives both keys from the passphrase and the library's salt. */
export async function deriveKeys(
  passphrase: string,
  salt: Uint8Array<ArrayBuffer>,
  iterations: number,
): Promise<SyncKeys> {
  const base = await crypto.subtle.importKey('raw', utf8.encode(passphrase), 'PBKDF2', false, ['deriveBits']);
  const bits = new Uint8Array(
    await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, 512),
  );
  const [encrypt, name] = await Promise.all([
    crypto.subtle.importKey('raw', bits.slice(0, 32), 'AES-GCM', false, ['encrypt', 'decrypt']),
    crypto.subtle.importKey('raw', bits.slice(32), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']),
  ]);
  bits.fill(0);
  return { encrypt, name };
}

export const newSalt = (): Uint8Array<ArrayBuffer> => crypto.getRandomValues(new Uint8Array(16));

/** Text compressed (abstracts halve), then encrypted: base64 of the IV followed by the ciphertext. */
export async function encryptText(keys: SyncKeys, text: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const packed = await gzip(utf8.encode(text));
  const sealed = new Uint8Array(await crypto.subtle.encrypt({ name: 'AES-GCM', iv }, keys.encrypt, packed));
  const out = new Uint8Array(iv.length + sealed.length);
  out.set(iv);
  out.set(sealed, iv.length);
  return toBase64(out);
}

/** The text `encryptText` sealed; rejects for another key or a changed byte (AES-GCM authenticates). */
export async function decryptText(keys: SyncKeys, data: string): Promise<string> {
  const bytes = fromBase64(data);
  const opened = await crypto.subtle.decrypt(
    { name: 'AES-GCM', iv: bytes.slice(0, 12) },
    keys.encrypt,
    bytes.slice(12),
  );
  return new TextDecoder().decode(await gunzip(new Uint8Array(opened)));
}

/** The document id of a paper on the server: `p-` and its id's HMAC (128 bits), in base64url. */
export async function opaqueId(keys: SyncKeys, id: string): Promise<string> {
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', keys.name, utf8.encode(id)));
  return `p-${toBase64(mac.slice(0, 16)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}`;
}

async function pipe(
  bytes: Uint8Array<ArrayBuffer>,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array<ArrayBuffer>> {
  const out = new Response(new Blob([bytes as BlobPart]).stream().pipeThrough(stream));
  return new Uint8Array(await out.arrayBuffer());
}
const gzip = (bytes: Uint8Array<ArrayBuffer>) => pipe(bytes, new CompressionStream('gzip'));
const gunzip = (bytes: Uint8Array<ArrayBuffer>) => pipe(bytes, new DecompressionStream('gzip'));

export function toBase64(bytes: Uint8Array<ArrayBuffer>): string {
  let text = '';
  for (let at = 0; at < bytes.length; at += 0x8000) {
    text += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(text);
}

export function fromBase64(data: string): Uint8Array<ArrayBuffer> {
  const text = atob(data);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
