-- AlterEnum
ALTER TYPE "AlertRuleKind" ADD VALUE 'rollout';
