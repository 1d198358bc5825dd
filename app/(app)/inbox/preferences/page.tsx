import type { Metadata } from "next";
import { requirePermission } from "@/lib/auth/current-user";
import { getPreferences } from "@/lib/notifications/save-preferences";
import { mailEnabled } from "@/lib/notifications/mail";
import { PageHeader } from "@/components/ui/page-header";
import { InboxTabs } from "@/components/notifications/inbox-tabs";
import { PreferencesForm } from "@/components/notifications/preferences-form";

export const metadata: Metadata = { title: "Notification settings" };

export default async function PreferencesPage() {
  const user = await requirePermission("notifications:manage");
  const preferences = await getPreferences(user.id);
  return (
    <div className="space-y-6">
      <PageHeader title="Notification settings" description="What reaches you, and where. Everything is on until you turn it off." />
      <InboxTabs />
      <PreferencesForm preferences={preferences} email={user.email} mailEnabled={mailEnabled()} />
    </div>
  );
}
