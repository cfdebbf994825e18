-- CreateTable
CREATE TABLE "rate_limit_slots" (
    "id" BIGSERIAL NOT NULL,
    "account_id" UUID NOT NULL,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "rate_limit_slots_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "rate_limit_slots_account_id_starts_at_idx" ON "rate_limit_slots"("account_id", "starts_at" DESC);

-- AddForeignKey
ALTER TABLE "rate_limit_slots" ADD CONSTRAINT "rate_limit_slots_account_id_fkey" FOREIGN KEY ("account_id") REFERENCES "official_accounts"("id") ON DELETE CASCADE ON UPDATE CASCADE;
