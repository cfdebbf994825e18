-- CreateEnum
CREATE TYPE "BroadcastState" AS ENUM ('DRAFT', 'READY', 'SCHEDULED', 'SENDING', 'DONE', 'MISSED');

-- CreateEnum
CREATE TYPE "BroadcastAudience" AS ENUM ('ALL_FOLLOWERS', 'GROUPS', 'REMAINING_FOLLOWERS');

-- CreateEnum
CREATE TYPE "BroadcastContentKind" AS ENUM ('NEWS', 'TEXT', 'IMAGE', 'CARD');

-- CreateEnum
CREATE TYPE "SendSlotState" AS ENUM ('UNPLANNED', 'SCHEDULED', 'DUE', 'MISSED');

-- CreateTable
CREATE TABLE "broadcasts" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "workspace_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "campaign_id" UUID,
    "name" TEXT NOT NULL,
    "state" "BroadcastState" NOT NULL DEFAULT 'DRAFT',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "broadcasts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "broadcast_tasks" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "broadcast_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "name" TEXT NOT NULL DEFAULT '',
    "campaign_id" UUID,
    "audience" "BroadcastAudience",
    "content_kind" "BroadcastContentKind",
    "content" JSONB,
    "send_at" TIMESTAMPTZ(3),
    "slot_state" "SendSlotState" NOT NULL DEFAULT 'UNPLANNED',
    "plan_version" INTEGER NOT NULL DEFAULT 0,
    "job_id" TEXT,
    "due_at" TIMESTAMPTZ(3),

    CONSTRAINT "broadcast_tasks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "broadcast_task_groups" (
    "task_id" UUID NOT NULL,
    "group_id" UUID NOT NULL,

    CONSTRAINT "broadcast_task_groups_pkey" PRIMARY KEY ("task_id","group_id")
);

-- CreateTable
CREATE TABLE "ab_test_groups" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "task_id" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "percentage" INTEGER NOT NULL,
    "content" JSONB NOT NULL,
    "send_at" TIMESTAMPTZ(3),
    "slot_state" "SendSlotState" NOT NULL DEFAULT 'UNPLANNED',
    "plan_version" INTEGER NOT NULL DEFAULT 0,
    "job_id" TEXT,
    "due_at" TIMESTAMPTZ(3),

    CONSTRAINT "ab_test_groups_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "follower_monthly_sends" (
    "follower_id" UUID NOT NULL,
    "account_id" UUID NOT NULL,
    "month" DATE NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "follower_monthly_sends_pkey" PRIMARY KEY ("follower_id","month")
);

-- CreateTable
CREATE TABLE "preview_daily_counts" (
    "account_id" UUID NOT NULL,
    "day" DATE NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "preview_daily_counts_pkey" PRIMARY KEY ("account_id","day")
);

-- CreateIndex
CREATE INDEX "broadcasts_account_id_state_idx" ON "broadcasts"("account_id", "state");

-- CreateIndex
CREATE INDEX "broadcasts_workspace_id_created_at_idx" ON "broadcasts"("workspace_id", "created_at" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "broadcast_tasks_broadcast_id_position_key" ON "broadcast_tasks"("broadcast_id", "position");

-- CreateIndex
CREATE INDEX "broadcast_task_groups_group_id_idx" ON "broadcast_task_groups"("group_id");

-- CreateIndex
CREATE UNIQUE INDEX "ab_test_groups_task_id_position_key" ON "ab_test_groups"("task_id", "position");

-- CreateIndex
CREATE INDEX "follower_monthly_sends_account_id_month_count_idx" ON "follower_monthly_sends"("account_id", "month", "count");

-- AddForeignKey
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_workspace_id_fkey" FOREIGN KEY ("workspace_id") REFERENCES "workspaces"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "official_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "broadcasts" ADD CONSTRAINT "broadcasts_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "broadcast_tasks" ADD CONSTRAINT "broadcast_tasks_broadcast_id_fkey" FOREIGN KEY ("broadcast_id") REFERENCES "broadcasts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "broadcast_tasks" ADD CONSTRAINT "broadcast_tasks_campaign_id_fkey" FOREIGN KEY ("campaign_id") REFERENCES "campaigns"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "broadcast_task_groups" ADD CONSTRAINT "broadcast_task_groups_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "broadcast_tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "broadcast_task_groups" ADD CONSTRAINT "broadcast_task_groups_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "customer_groups"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ab_test_groups" ADD CONSTRAINT "ab_test_groups_task_id_fkey" FOREIGN KEY ("task_id") REFERENCES "broadcast_tasks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follower_monthly_sends" ADD CONSTRAINT "follower_monthly_sends_follower_id_fkey" FOREIGN KEY ("follower_id") REFERENCES "followers"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "follower_monthly_sends" ADD CONSTRAINT "follower_monthly_sends_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "official_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "preview_daily_counts" ADD CONSTRAINT "preview_daily_counts_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "official_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
