import NextAuth from "next-auth";
import { sessionOptions } from "./session-policy";

/**
 * Auth.js without providers, for proxy.ts: wrapping a proxy function in
 * `renewSession` decodes the session cookie, applies the limits of
 * session-policy.ts and sends the cookie back with a fresh idle expiry (or
 * clears it once the absolute limit has passed). Server components cannot
 * set cookies, so without this a session would end 8 h after sign-in
 * however active its user was.
 */
export const { auth: renewSession } = NextAuth({ ...sessionOptions, providers: [] });
