-- CreateEnum
CREATE TYPE "Role" AS ENUM ('viewer', 'editor', 'approver', 'admin');

-- CreateEnum
CREATE TYPE "TokenScope" AS ENUM ('read', 'write', 'ingest', 'promote', 'admin');

-- CreateEnum
CREATE TYPE "RiskLevel" AS ENUM ('low', 'medium', 'high', 'critical');

-- CreateEnum
CREATE TYPE "TaskType" AS ENUM ('classification', 'regression', 'ranking', 'forecasting', 'nlp', 'vision', 'recommendation', 'anomaly_detection', 'generative', 'other');

-- CreateEnum
CREATE TYPE "VersionStage" AS ENUM ('development', 'staging', 'production', 'archived');

-- CreateEnum
CREATE TYPE "DataSensitivity" AS ENUM ('public', 'internal', 'confidential', 'regulated');

-- CreateEnum
CREATE TYPE "IntegrationStyle" AS ENUM ('rest', 'grpc', 'batch', 'streaming', 'embedded');

-- CreateEnum
CREATE TYPE "ChecklistStage" AS ENUM ('requirements', 'preparation', 'environment', 'cicd', 'monitoring');

-- CreateEnum
CREATE TYPE "TargetKind" AS ENUM ('cloud', 'on_prem', 'hybrid');

-- CreateEnum
CREATE TYPE "TargetEnvironment" AS ENUM ('staging', 'production');

-- CreateEnum
CREATE TYPE "DeploymentStatus" AS ENUM ('pending', 'active', 'superseded', 'rolled_back', 'failed');

-- CreateEnum
CREATE TYPE "PromotionStatus" AS ENUM ('pending', 'approved', 'rejected', 'cancelled', 'expired');

-- CreateEnum
CREATE TYPE "ApprovalDecision" AS ENUM ('approve', 'reject');

-- CreateEnum
CREATE TYPE "RollupResolution" AS ENUM ('minute', 'hour');

-- CreateEnum
CREATE TYPE "FeatureType" AS ENUM ('numerical', 'categorical');

-- CreateEnum
CREATE TYPE "AlertRuleKind" AS ENUM ('metric', 'drift', 'no_data', 'requirement');

-- CreateEnum
CREATE TYPE "Aggregation" AS ENUM ('avg', 'p95', 'max', 'min', 'sum', 'rate');

-- CreateEnum
CREATE TYPE "Comparator" AS ENUM ('gt', 'gte', 'lt', 'lte');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('info', 'warning', 'critical');

-- CreateEnum
CREATE TYPE "AlertState" AS ENUM ('pending', 'firing', 'acknowledged', 'resolved');

-- CreateEnum
CREATE TYPE "DeliveryStatus" AS ENUM ('pending', 'succeeded', 'failed');

-- CreateTable
CREATE TABLE "users" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" "Role" NOT NULL DEFAULT 'viewer',
    "password_hash" TEXT,
    "disabled" BOOLEAN NOT NULL DEFAULT false,
    "last_login_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "users_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_tokens" (
    "id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "token_hash" TEXT NOT NULL,
    "scopes" "TokenScope"[],
    "expires_at" TIMESTAMP(3),
    "last_used_at" TIMESTAMP(3),
    "revoked_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "api_tokens_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "login_attempts" (
    "id" BIGSERIAL NOT NULL,
    "key" TEXT NOT NULL,
    "succeeded" BOOLEAN NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "login_attempts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "rate_limit_buckets" (
    "key" TEXT NOT NULL,
    "window_start" TIMESTAMP(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "rate_limit_buckets_pkey" PRIMARY KEY ("key","window_start")
);

-- CreateTable
CREATE TABLE "idempotency_keys" (
    "key" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "request_hash" TEXT NOT NULL,
    "status" INTEGER NOT NULL,
    "response" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "idempotency_keys_pkey" PRIMARY KEY ("scope","key")
);

-- CreateTable
CREATE TABLE "models" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "owner_id" TEXT,
    "task_type" "TaskType" NOT NULL DEFAULT 'other',
    "framework" TEXT,
    "tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "risk_level" "RiskLevel" NOT NULL DEFAULT 'medium',
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "drift_config" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "models_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_requirements" (
    "id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "latency_p95_ms" DOUBLE PRECISION,
    "throughput_rps" DOUBLE PRECISION,
    "memory_mb" INTEGER,
    "gpu_required" BOOLEAN NOT NULL DEFAULT false,
    "max_error_rate" DOUBLE PRECISION,
    "min_metric_name" TEXT,
    "min_metric_value" DOUBLE PRECISION,
    "data_sensitivity" "DataSensitivity" NOT NULL DEFAULT 'internal',
    "compliance_tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "integration_style" "IntegrationStyle",
    "input_validation" TEXT,
    "notes" TEXT NOT NULL DEFAULT '',
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "model_requirements_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "model_versions" (
    "id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "artifact_uri" TEXT NOT NULL,
    "format" TEXT,
    "size_bytes" BIGINT,
    "sha256" TEXT,
    "git_commit" TEXT,
    "training_data" TEXT,
    "run_url" TEXT,
    "params" JSONB,
    "eval_metrics" JSONB NOT NULL DEFAULT '{}',
    "optimization" JSONB,
    "model_card" TEXT,
    "stage" "VersionStage" NOT NULL DEFAULT 'development',
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "model_versions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "checklist_templates" (
    "id" TEXT NOT NULL,
    "stage" "ChecklistStage" NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "required" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL,
    "evidence_rule" TEXT,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "checklist_templates_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "checklist_items" (
    "id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "stage" "ChecklistStage" NOT NULL,
    "key" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "required" BOOLEAN NOT NULL DEFAULT true,
    "position" INTEGER NOT NULL,
    "evidence_rule" TEXT,
    "checked" BOOLEAN NOT NULL DEFAULT false,
    "checked_by_id" TEXT,
    "checked_at" TIMESTAMP(3),
    "note" TEXT,
    "evidence_url" TEXT,
    "assignee_id" TEXT,
    "waived" BOOLEAN NOT NULL DEFAULT false,
    "waiver_reason" TEXT,
    "waived_by_id" TEXT,
    "waived_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "checklist_items_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "checklist_presence" (
    "version_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "seen_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "checklist_presence_pkey" PRIMARY KEY ("version_id","user_id")
);

-- CreateTable
CREATE TABLE "deployment_targets" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" "TargetKind" NOT NULL,
    "provider" TEXT NOT NULL,
    "region" TEXT,
    "environment" "TargetEnvironment" NOT NULL,
    "endpoint" TEXT,
    "cpu_cores" DOUBLE PRECISION,
    "memory_mb" INTEGER,
    "gpu" TEXT,
    "min_replicas" INTEGER NOT NULL DEFAULT 1,
    "max_replicas" INTEGER NOT NULL DEFAULT 1,
    "compliance_tags" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "required_approvals" INTEGER NOT NULL DEFAULT 0,
    "archived" BOOLEAN NOT NULL DEFAULT false,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "deployment_targets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "deployments" (
    "id" TEXT NOT NULL,
    "model_id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "status" "DeploymentStatus" NOT NULL DEFAULT 'pending',
    "traffic_percent" INTEGER NOT NULL DEFAULT 100,
    "promotion_id" TEXT,
    "deployed_by_id" TEXT,
    "previous_id" TEXT,
    "activated_at" TIMESTAMP(3),
    "ended_at" TIMESTAMP(3),
    "end_reason" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "deployments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "promotion_requests" (
    "id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "target_id" TEXT NOT NULL,
    "requested_by_id" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "PromotionStatus" NOT NULL DEFAULT 'pending',
    "required_approvals" INTEGER NOT NULL,
    "gates" JSONB NOT NULL,
    "snapshot_hash" TEXT NOT NULL,
    "invalidated_reason" TEXT,
    "expires_at" TIMESTAMP(3) NOT NULL,
    "decided_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "promotion_requests_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "promotion_approvals" (
    "id" TEXT NOT NULL,
    "promotion_id" TEXT NOT NULL,
    "user_id" TEXT NOT NULL,
    "decision" "ApprovalDecision" NOT NULL,
    "comment" TEXT,
    "snapshot_hash" TEXT NOT NULL,
    "valid" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "promotion_approvals_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "metric_points" (
    "deployment_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "ts" TIMESTAMPTZ(3) NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,

    CONSTRAINT "metric_points_pkey" PRIMARY KEY ("deployment_id","name","ts")
);

-- CreateTable
CREATE TABLE "metric_rollups" (
    "deployment_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "resolution" "RollupResolution" NOT NULL,
    "bucket" TIMESTAMPTZ(3) NOT NULL,
    "count" BIGINT NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,
    "min" DOUBLE PRECISION NOT NULL,
    "max" DOUBLE PRECISION NOT NULL,
    "sketch" JSONB,

    CONSTRAINT "metric_rollups_pkey" PRIMARY KEY ("deployment_id","name","resolution","bucket")
);

-- CreateTable
CREATE TABLE "predictions" (
    "id" TEXT NOT NULL,
    "deployment_id" TEXT NOT NULL,
    "ts" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "features" JSONB NOT NULL,
    "prediction" JSONB NOT NULL,
    "confidence" DOUBLE PRECISION,
    "latency_ms" DOUBLE PRECISION,
    "label" JSONB,
    "labeled_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "predictions_pkey" PRIMARY KEY ("deployment_id","id")
);

-- CreateTable
CREATE TABLE "reference_datasets" (
    "id" TEXT NOT NULL,
    "version_id" TEXT NOT NULL,
    "row_count" INTEGER NOT NULL,
    "profile" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "reference_datasets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "reference_features" (
    "id" TEXT NOT NULL,
    "dataset_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "type" "FeatureType" NOT NULL,
    "overridden" BOOLEAN NOT NULL DEFAULT false,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "reference_features_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "drift_reports" (
    "id" TEXT NOT NULL,
    "deployment_id" TEXT NOT NULL,
    "window_from" TIMESTAMP(3) NOT NULL,
    "window_to" TIMESTAMP(3) NOT NULL,
    "row_count" INTEGER NOT NULL,
    "drifted" BOOLEAN NOT NULL,
    "share" DOUBLE PRECISION NOT NULL,
    "features" JSONB NOT NULL,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "drift_reports_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alert_rules" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "model_id" TEXT,
    "deployment_id" TEXT,
    "kind" "AlertRuleKind" NOT NULL,
    "metric" TEXT,
    "aggregation" "Aggregation" NOT NULL DEFAULT 'avg',
    "comparator" "Comparator" NOT NULL DEFAULT 'gt',
    "threshold" DOUBLE PRECISION,
    "window_seconds" INTEGER NOT NULL DEFAULT 300,
    "for_seconds" INTEGER NOT NULL DEFAULT 0,
    "severity" "Severity" NOT NULL DEFAULT 'warning',
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "derived" BOOLEAN NOT NULL DEFAULT false,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alert_rules_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" TEXT NOT NULL,
    "rule_id" TEXT NOT NULL,
    "deployment_id" TEXT NOT NULL,
    "state" "AlertState" NOT NULL DEFAULT 'pending',
    "severity" "Severity" NOT NULL,
    "value" DOUBLE PRECISION,
    "started_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "fired_at" TIMESTAMP(3),
    "acknowledged_by_id" TEXT,
    "acknowledged_at" TIMESTAMP(3),
    "resolved_at" TIMESTAMP(3),
    "silenced_until" TIMESTAMP(3),
    "comment" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhooks" (
    "id" TEXT NOT NULL,
    "url" TEXT NOT NULL,
    "secret" TEXT NOT NULL,
    "events" TEXT[],
    "active" BOOLEAN NOT NULL DEFAULT true,
    "created_by_id" TEXT,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "webhooks_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "webhook_deliveries" (
    "id" TEXT NOT NULL,
    "webhook_id" TEXT NOT NULL,
    "event_id" TEXT NOT NULL,
    "event_type" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "status" "DeliveryStatus" NOT NULL DEFAULT 'pending',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMP(3),
    "response_status" INTEGER,
    "response_body" TEXT,
    "error" TEXT,
    "delivered_at" TIMESTAMP(3),
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "webhook_deliveries_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_events" (
    "id" BIGSERIAL NOT NULL,
    "actor_id" TEXT,
    "token_id" TEXT,
    "actor_label" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "before" JSONB,
    "after" JSONB,
    "created_at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_events_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "users_email_key" ON "users"("email");

-- CreateIndex
CREATE UNIQUE INDEX "api_tokens_token_hash_key" ON "api_tokens"("token_hash");

-- CreateIndex
CREATE INDEX "api_tokens_user_id_idx" ON "api_tokens"("user_id");

-- CreateIndex
CREATE INDEX "login_attempts_key_created_at_idx" ON "login_attempts"("key", "created_at");

-- CreateIndex
CREATE INDEX "rate_limit_buckets_window_start_idx" ON "rate_limit_buckets"("window_start");

-- CreateIndex
CREATE INDEX "idempotency_keys_created_at_idx" ON "idempotency_keys"("created_at");

-- CreateIndex
CREATE UNIQUE INDEX "models_slug_key" ON "models"("slug");

-- CreateIndex
CREATE INDEX "models_owner_id_idx" ON "models"("owner_id");

-- CreateIndex
CREATE INDEX "models_archived_updated_at_idx" ON "models"("archived", "updated_at");

-- CreateIndex
CREATE INDEX "models_tags_idx" ON "models" USING GIN ("tags");

-- CreateIndex
CREATE UNIQUE INDEX "model_requirements_model_id_key" ON "model_requirements"("model_id");

-- CreateIndex
CREATE INDEX "model_versions_model_id_stage_idx" ON "model_versions"("model_id", "stage");

-- CreateIndex
CREATE UNIQUE INDEX "model_versions_model_id_version_key" ON "model_versions"("model_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "checklist_templates_key_key" ON "checklist_templates"("key");

-- CreateIndex
CREATE INDEX "checklist_templates_stage_position_idx" ON "checklist_templates"("stage", "position");

-- CreateIndex
CREATE INDEX "checklist_items_version_id_stage_position_idx" ON "checklist_items"("version_id", "stage", "position");

-- CreateIndex
CREATE INDEX "checklist_items_assignee_id_idx" ON "checklist_items"("assignee_id");

-- CreateIndex
CREATE UNIQUE INDEX "checklist_items_version_id_key_key" ON "checklist_items"("version_id", "key");

-- CreateIndex
CREATE INDEX "checklist_presence_version_id_seen_at_idx" ON "checklist_presence"("version_id", "seen_at");

-- CreateIndex
CREATE UNIQUE INDEX "deployment_targets_slug_key" ON "deployment_targets"("slug");

-- CreateIndex
CREATE INDEX "deployment_targets_environment_idx" ON "deployment_targets"("environment");

-- CreateIndex
CREATE UNIQUE INDEX "deployments_promotion_id_key" ON "deployments"("promotion_id");

-- CreateIndex
CREATE INDEX "deployments_model_id_target_id_status_idx" ON "deployments"("model_id", "target_id", "status");

-- CreateIndex
CREATE INDEX "deployments_target_id_activated_at_idx" ON "deployments"("target_id", "activated_at");

-- CreateIndex
CREATE INDEX "deployments_version_id_idx" ON "deployments"("version_id");

-- CreateIndex
CREATE UNIQUE INDEX "deployments_one_active_per_model_target" ON "deployments"("model_id", "target_id") WHERE (status = 'active');

-- CreateIndex
CREATE INDEX "promotion_requests_status_created_at_idx" ON "promotion_requests"("status", "created_at");

-- CreateIndex
CREATE INDEX "promotion_requests_version_id_idx" ON "promotion_requests"("version_id");

-- CreateIndex
CREATE INDEX "promotion_requests_target_id_idx" ON "promotion_requests"("target_id");

-- CreateIndex
CREATE UNIQUE INDEX "promotion_approvals_promotion_id_user_id_key" ON "promotion_approvals"("promotion_id", "user_id");

-- CreateIndex
CREATE INDEX "predictions_deployment_id_ts_idx" ON "predictions"("deployment_id", "ts" DESC);

-- CreateIndex
CREATE UNIQUE INDEX "reference_datasets_version_id_key" ON "reference_datasets"("version_id");

-- CreateIndex
CREATE UNIQUE INDEX "reference_features_dataset_id_name_key" ON "reference_features"("dataset_id", "name");

-- CreateIndex
CREATE INDEX "drift_reports_deployment_id_created_at_idx" ON "drift_reports"("deployment_id", "created_at" DESC);

-- CreateIndex
CREATE INDEX "alert_rules_model_id_idx" ON "alert_rules"("model_id");

-- CreateIndex
CREATE INDEX "alert_rules_deployment_id_idx" ON "alert_rules"("deployment_id");

-- CreateIndex
CREATE INDEX "alert_rules_enabled_idx" ON "alert_rules"("enabled");

-- CreateIndex
CREATE INDEX "alerts_state_severity_idx" ON "alerts"("state", "severity");

-- CreateIndex
CREATE INDEX "alerts_deployment_id_state_idx" ON "alerts"("deployment_id", "state");

-- CreateIndex
CREATE INDEX "alerts_rule_id_state_idx" ON "alerts"("rule_id", "state");

-- CreateIndex
CREATE INDEX "webhook_deliveries_status_next_attempt_at_idx" ON "webhook_deliveries"("status", "next_attempt_at");

-- CreateIndex
CREATE UNIQUE INDEX "webhook_deliveries_webhook_id_event_id_key" ON "webhook_deliveries"("webhook_id", "event_id");

-- CreateIndex
CREATE INDEX "audit_events_entity_type_entity_id_created_at_idx" ON "audit_events"("entity_type", "entity_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_actor_id_created_at_idx" ON "audit_events"("actor_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_events_created_at_idx" ON "audit_events"("created_at");

-- AddForeignKey
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "models" ADD CONSTRAINT "models_owner_id_fkey" FOREIGN KEY ("owner_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_requirements" ADD CONSTRAINT "model_requirements_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "model_versions" ADD CONSTRAINT "model_versions_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_checked_by_id_fkey" FOREIGN KEY ("checked_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_assignee_id_fkey" FOREIGN KEY ("assignee_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checklist_items" ADD CONSTRAINT "checklist_items_waived_by_id_fkey" FOREIGN KEY ("waived_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checklist_presence" ADD CONSTRAINT "checklist_presence_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "checklist_presence" ADD CONSTRAINT "checklist_presence_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployment_targets" ADD CONSTRAINT "deployment_targets_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "deployment_targets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_promotion_id_fkey" FOREIGN KEY ("promotion_id") REFERENCES "promotion_requests"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_deployed_by_id_fkey" FOREIGN KEY ("deployed_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "deployments" ADD CONSTRAINT "deployments_previous_id_fkey" FOREIGN KEY ("previous_id") REFERENCES "deployments"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_target_id_fkey" FOREIGN KEY ("target_id") REFERENCES "deployment_targets"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_requests" ADD CONSTRAINT "promotion_requests_requested_by_id_fkey" FOREIGN KEY ("requested_by_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_approvals" ADD CONSTRAINT "promotion_approvals_promotion_id_fkey" FOREIGN KEY ("promotion_id") REFERENCES "promotion_requests"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "promotion_approvals" ADD CONSTRAINT "promotion_approvals_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "predictions" ADD CONSTRAINT "predictions_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reference_datasets" ADD CONSTRAINT "reference_datasets_version_id_fkey" FOREIGN KEY ("version_id") REFERENCES "model_versions"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "reference_features" ADD CONSTRAINT "reference_features_dataset_id_fkey" FOREIGN KEY ("dataset_id") REFERENCES "reference_datasets"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "drift_reports" ADD CONSTRAINT "drift_reports_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_model_id_fkey" FOREIGN KEY ("model_id") REFERENCES "models"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_rule_id_fkey" FOREIGN KEY ("rule_id") REFERENCES "alert_rules"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_deployment_id_fkey" FOREIGN KEY ("deployment_id") REFERENCES "deployments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "alerts" ADD CONSTRAINT "alerts_acknowledged_by_id_fkey" FOREIGN KEY ("acknowledged_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhooks" ADD CONSTRAINT "webhooks_created_by_id_fkey" FOREIGN KEY ("created_by_id") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "webhook_deliveries" ADD CONSTRAINT "webhook_deliveries_webhook_id_fkey" FOREIGN KEY ("webhook_id") REFERENCES "webhooks"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_actor_id_fkey" FOREIGN KEY ("actor_id") REFERENCES "users"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_token_id_fkey" FOREIGN KEY ("token_id") REFERENCES "api_tokens"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Hand-written: the audit trail is append-only. Rows are inserted by the services in the
-- same transaction as the change they record; nothing may rewrite or remove them.
CREATE FUNCTION "audit_events_append_only"() RETURNS trigger AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only: % is not allowed', TG_OP;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER "audit_events_no_update_or_delete"
  BEFORE UPDATE OR DELETE ON "audit_events"
  FOR EACH ROW EXECUTE FUNCTION "audit_events_append_only"();

CREATE TRIGGER "audit_events_no_truncate"
  BEFORE TRUNCATE ON "audit_events"
  FOR EACH STATEMENT EXECUTE FUNCTION "audit_events_append_only"();
