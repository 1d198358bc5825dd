import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { requireProject } from "@/lib/auth/current-user";
import { can } from "@/lib/auth/permissions";
import { signoffRolesIn } from "@/lib/auth/session-user";
import { getGateWaits } from "@/lib/releases/get-gate-waits";
import { listEnvironments } from "@/lib/releases/list-releases";
import { getOpenSectionChoices } from "@/lib/releases/get-open-sections";
import { openSectionsFor } from "@/lib/releases/open-sections";
import { listSignoffs } from "@/lib/signoffs/get-signoffs";
import { getSigningReadiness } from "@/lib/signoffs/get-signing-readiness";
import { listAssignableUsers } from "@/lib/users/list-assignable-users";
import { ReleaseWorkspace } from "@/components/releases/release-workspace";
import { loadRelease } from "@/app/_lib/load-release";

type Params = Promise<{ key: string; id: string }>;

export async function generateMetadata({ params }: { params: Params }): Promise<Metadata> {
  const { key, id } = await params;
  await requireProject(key, "release:read", { releaseId: id });
  const view = await loadRelease(id);
  return { title: view ? `${view.environment.name} ${view.version}` : "Not found" };
}

export default async function ReleasePage({ params }: { params: Params }) {
  const { key, id } = await params;
  const { user } = await requireProject(key, "release:read", { releaseId: id });
  const view = await loadRelease(id);
  if (!view) notFound();
  const canSign = can(user, "signoff:sign", view.project);
  const [users, environments, signoffs, blockers, waitingFor, choices] = await Promise.all([
    listAssignableUsers(view.project),
    can(user, "release:create", view.project) ? listEnvironments(view.project.id) : [],
    listSignoffs(view.id),
    canSign ? getSigningReadiness(view.id, user) : {},
    getGateWaits(view.id),
    getOpenSectionChoices(user.id, view.id),
  ]);
  // Environments whose gate this release can satisfy once it is approved (e.g. production after staging).
  const nextEnvironments = environments
    .filter((environment) => environment.requires.includes(view.environment.key))
    .map((environment) => ({ key: environment.key, name: environment.name }));
  return (
    <ReleaseWorkspace
      key={view.id}
      view={view}
      me={{ id: user.id, name: user.name }}
      // Rendered as this user left it: closed sections are headers without rows, in the HTML too (docs/decisions/028).
      initialOpen={openSectionsFor(view.sections, choices)}
      canUpdate={can(user, "item:update", view.project)}
      users={users}
      nextEnvironments={nextEnvironments}
      signoffs={signoffs}
      signer={{
        id: user.id,
        roles: signoffRolesIn(user, view.project.id),
        canSign,
        blockers,
        waitingFor,
        canFinish: can(user, "release:create", view.project),
        canReopen: can(user, "release:reopen", view.project),
      }}
    />
  );
}
