import { z } from "zod";
import { Role } from "@/lib/generated/prisma/enums";
import { email, id, password, timestamp } from "./common";

export const role = z.enum(Role).meta({ id: "Role" });

export const userCreate = z
  .object({
    email,
    name: z.string().trim().min(1, "is required").max(100),
    role: role.default("viewer"),
    password,
  })
  .strict()
  .meta({ id: "UserCreate" });

export const userUpdate = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    role: role.optional(),
    password: password.optional(),
    disabled: z.boolean().optional(),
  })
  .strict()
  .refine((v) => Object.keys(v).length > 0, "send at least one field")
  .meta({ id: "UserUpdate" });

export const passwordChange = z
  .object({
    currentPassword: z.string().min(1, "is required").max(200),
    newPassword: password,
  })
  .strict()
  .refine((v) => v.currentPassword !== v.newPassword, {
    path: ["newPassword"],
    message: "must differ from the current password",
  })
  .meta({ id: "PasswordChange" });

export const user = z
  .object({
    id,
    email: z.string(),
    name: z.string(),
    role,
    disabled: z.boolean(),
    lastLoginAt: timestamp.nullable(),
    createdAt: timestamp,
    updatedAt: timestamp,
  })
  .meta({ id: "User" });

export type UserDto = z.input<typeof user>;
export type UserCreate = z.infer<typeof userCreate>;
export type UserUpdate = z.infer<typeof userUpdate>;
export type PasswordChange = z.infer<typeof passwordChange>;
