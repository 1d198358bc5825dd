-- Checklist templates and their immutable versions (docs/decisions/006-template-versions.md).

-- CreateTable
CREATE TABLE "templates" (
    "id" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" UUID,

    CONSTRAINT "templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "template_versions" (
    "id" UUID NOT NULL,
    "template_id" UUID NOT NULL,
    "version" INTEGER NOT NULL,
    "document" JSONB NOT NULL,
    "counts" JSONB NOT NULL,
    "notices" JSONB NOT NULL DEFAULT '[]',
    "source_name" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "created_by_id" UUID,

    CONSTRAINT "template_versions_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "template_versions_template_id_version_key" ON "template_versions"("template_id", "version");

-- AddForeignKey
ALTER TABLE "template_versions" ADD CONSTRAINT "template_versions_template_id_fkey" FOREIGN KEY ("template_id") REFERENCES "templates"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- Template names are unique whatever their case.
CREATE UNIQUE INDEX "templates_name_lower_key" ON "templates"(lower("name"));
ALTER TABLE "template_versions" ADD CONSTRAINT "template_versions_version_positive" CHECK ("version" >= 1);

-- Versions are immutable: the runtime role may read and add them, never change them.
GRANT SELECT, INSERT, UPDATE ON "templates" TO countersign_runtime;
GRANT SELECT, INSERT ON "template_versions" TO countersign_runtime;
