import { errors, jwtVerify } from 'jose';

/** Why a `$connect` token was refused; never sent to the client (the handshake just fails with 401). */
export class AuthError extends Error {
  override readonly name = 'AuthError';
}

export interface VerifiedPlayer {
  /** The token's `sub`: the player's identity (their public id is derived from it, never equal to it). */
  subject: string;
  /** The token's `exp`, in epoch ms: what it allows on an open connection ends then. */
  expiresAt: number;
}

/** HS256 only: accepting the algorithm a token names is how `alg: none` attacks work. */
const ALGORITHMS = ['HS256'];

/**
 * Verifies a player token (a JWT signed with the deployment's AUTH_SECRET) with
 * jose: signature, `exp` required and checked, `sub` required. Your login
 * service issues these; `npm run token` makes one for local testing.
 */
export const verifyPlayerToken = async (token: string | undefined, secret: string, nowMs: number): Promise<VerifiedPlayer> => {
  if (token === undefined || token === '') throw new AuthError('no token in the query string');
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), {
      algorithms: ALGORITHMS,
      requiredClaims: ['exp', 'sub'],
      currentDate: new Date(nowMs),
    });
    const subject: unknown = payload.sub;
    // jose checks that `sub` is present, not that it is a string: a number or an array would become a non-string identity.
    if (typeof subject !== 'string' || !/^[\x21-\x7e]{1,128}$/.test(subject)) throw new AuthError('sub must be a string of 1-128 printable ASCII characters');
    return { subject, expiresAt: (payload.exp as number) * 1000 };
  } catch (error) {
    if (error instanceof AuthError) throw error;
    if (error instanceof errors.JOSEError) throw new AuthError(`${error.code}: ${error.message}`);
    throw error;
  }
};
