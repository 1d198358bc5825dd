import type { Metadata } from "next";
import Link from "next/link";
import { Users } from "lucide-react";
import { requireUser } from "@/lib/auth/current-user";
import { APP_ROLE_LABELS, can } from "@/lib/auth/permissions";
import { listReleases } from "@/lib/releases/list-releases";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { RecentReleasesCard } from "@/components/releases/recent-releases-card";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requireUser();
  const recent = can(user, "release:read") ? await listReleases({ pageSize: 5 }, user) : null;
  return (
    <div className="space-y-8">
      <PageHeader title={`Welcome, ${user.name}`} description="Your access in Countersign." />
      <div className="grid gap-6 md:grid-cols-2">
        <Card>
          <CardHeader>
            <CardTitle>Your roles</CardTitle>
            <CardDescription>What you may do here is decided on the server from these roles.</CardDescription>
          </CardHeader>
          <CardContent className="space-y-4">
            <div>
              <p className="text-sm text-muted-foreground">Application role</p>
              <Badge className="mt-1">{APP_ROLE_LABELS[user.appRole]}</Badge>
            </div>
            <div>
              <p className="text-sm text-muted-foreground">Sign-off roles</p>
              {user.signoffRoles.length ? (
                <ul className="mt-1 flex flex-wrap gap-2" aria-label="Sign-off roles">
                  {user.signoffRoles.map((role) => (
                    <li key={role.key}>
                      <Badge variant="outline">{role.name}</Badge>
                    </li>
                  ))}
                </ul>
              ) : (
                <p className="mt-1 text-sm">
                  {can(user, "profile:update") ? "None. You can work on checklists but not sign off for a role." : "None. Your access is read-only."}
                </p>
              )}
            </div>
          </CardContent>
        </Card>
        {recent ? <RecentReleasesCard releases={recent.releases} total={recent.total} canCreate={can(user, "release:create")} /> : null}
        {can(user, "user:manage") ? (
          <Card>
            <CardHeader>
              <CardTitle>Administration</CardTitle>
              <CardDescription>Create users, assign sign-off roles, disable accounts.</CardDescription>
            </CardHeader>
            <CardContent>
              <Button asChild>
                <Link href="/admin/users">
                  <Users aria-hidden="true" className="size-4" />
                  Manage users
                </Link>
              </Button>
            </CardContent>
          </Card>
        ) : null}
      </div>
    </div>
  );
}
