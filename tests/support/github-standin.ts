import { createPublicKey, randomBytes, verify } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in of the two GitHub API calls Countersign makes for a custom
 * deployment protection rule, checking what GitHub checks: the app's RS256
 * JWT (signature with the app's public key, `iss` = the app id, not expired)
 * when it asks for an installation token, and that token, the body's shape
 * (tests/fixtures/github/) and the path when it reviews a deployment. It
 * answers as GitHub does (201 with a token; 204 No Content) and records the
 * reviews. `failNext` makes the next review answer 502, as an outage would.
 */
export type RecordedReview = { path: string; body: { environment_name: string; state?: "approved" | "rejected"; comment: string } };

export async function startGithubStandIn(options: { appId: string; publicKeyPem: string }) {
  const reviews: RecordedReview[] = [];
  const issued = new Set<string>();
  let tokenRequests = 0;
  let failNext = 0;
  const server = http.createServer((request, response) => {
    let raw = "";
    request.on("data", (chunk: Buffer) => (raw += chunk.toString()));
    request.on("end", () => {
      const answer = (status: number, body?: unknown) => {
        response.writeHead(status, body === undefined ? {} : { "content-type": "application/json" });
        response.end(body === undefined ? undefined : JSON.stringify(body));
      };
      const url = new URL(request.url ?? "/", "http://stand-in");
      const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? "")?.[1] ?? "";
      const token = /^\/app\/installations\/(\d+)\/access_tokens$/.exec(url.pathname);
      if (request.method === "POST" && token) {
        if (!validJwt(bearer, options)) return answer(401, { message: "A JSON web token could not be decoded" });
        tokenRequests += 1;
        const issuedToken = `ghs_${randomBytes(18).toString("base64url")}`;
        issued.add(issuedToken);
        return answer(201, { token: issuedToken, expires_at: new Date(Date.now() + 3_600_000).toISOString(), permissions: { actions: "read", deployments: "write" }, repository_selection: "selected" });
      }
      if (request.method === "POST" && /^\/repos\/[^/]+\/[^/]+\/actions\/runs\/\d+\/deployment_protection_rule$/.test(url.pathname)) {
        if (!issued.has(bearer)) return answer(401, { message: "Bad credentials" });
        if (failNext > 0) {
          failNext -= 1;
          return answer(502, { message: "Server Error" });
        }
        let body: RecordedReview["body"];
        try {
          body = JSON.parse(raw) as RecordedReview["body"];
        } catch {
          return answer(400, { message: "Problems parsing JSON" });
        }
        const keys = Object.keys(body).sort().join(",");
        const shapeOk =
          typeof body.environment_name === "string" &&
          typeof body.comment === "string" &&
          body.comment.length <= 1024 &&
          (keys === "comment,environment_name" || (keys === "comment,environment_name,state" && (body.state === "approved" || body.state === "rejected")));
        if (!shapeOk) return answer(422, { message: "Invalid request.", body });
        reviews.push({ path: url.pathname, body });
        return answer(204);
      }
      return answer(404, { message: "Not Found" });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    reviews,
    tokenRequests: () => tokenRequests,
    failNext: (count: number) => (failNext = count),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function validJwt(jwt: string, options: { appId: string; publicKeyPem: string }): boolean {
  const [header, payload, signature] = jwt.split(".");
  if (!header || !payload || !signature) return false;
  const ok = verify("RSA-SHA256", Buffer.from(`${header}.${payload}`), createPublicKey(options.publicKeyPem), Buffer.from(signature, "base64url"));
  if (!ok) return false;
  const head = JSON.parse(Buffer.from(header, "base64url").toString()) as { alg?: string };
  const claims = JSON.parse(Buffer.from(payload, "base64url").toString()) as { iss?: string; exp?: number; iat?: number };
  const now = Math.floor(Date.now() / 1000);
  return head.alg === "RS256" && claims.iss === options.appId && typeof claims.exp === "number" && claims.exp > now && claims.exp - (claims.iat ?? 0) <= 600;
}
