/**
 * What the sign-in page says when a sign-in through the identity provider
 * did not complete (Auth.js redirects there with ?error=<type>; the company
 * sign-in's own refusals with ?error=sso_<reason>). Never the error's detail:
 * it is in the server's log.
 */
export function signInErrorMessage(code: string, label: string): string {
  switch (code) {
    case "sso_disabled":
      return "Your Countersign account is disabled. Ask an admin.";
    case "sso_email_taken":
      return `Another Countersign account already has your email, and ${label} did not confirm the email is verified. Ask an admin to link the accounts.`;
    case "sso_no_email":
      return `${label} did not tell Countersign your email (ask your identity provider's admin to release the email claim).`;
    case "sso_unverified_email":
      return `${label} says your email is not verified.`;
    case "AccessDenied":
      return "You may not sign in here.";
    case "OAuthSignInError":
    case "SignInError":
      return `${label} cannot be reached right now, so company sign-in is unavailable. Try again in a few minutes.`;
    default:
      return `The sign-in with ${label} did not complete: its answer was refused (it may have expired, been used already, or been meant for another sign-in). Try again.`;
  }
}
