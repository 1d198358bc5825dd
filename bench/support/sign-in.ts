/**
 * Signs in over HTTP as the browser does: through the sign-in page's server
 * action (Auth.js's own /api/auth endpoints answer 404, ADR 018), returning
 * the Cookie header carrying the session. The same helper the reliability
 * suite uses.
 */
export { signInOverHttp } from "../../tests/reliability/support/http-actions";
