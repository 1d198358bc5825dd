/**
 * Fixed passwords for the cluster-wide roles on test servers. They only
 * ever guard throw-away databases (trust-auth test servers or a temporary
 * embedded cluster), and being fixed lets every test file and the global
 * setup agree without passing secrets around.
 */
export const TEST_OWNER_PASSWORD = "countersign-test-owner-password";
export const TEST_APP_PASSWORD = "countersign-test-app-password";
