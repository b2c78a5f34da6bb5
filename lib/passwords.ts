import bcrypt from "bcryptjs";

// bcrypt (cost 12, ~250 ms here): a real password KDF in pure JavaScript, so nothing native
// has to build on a fresh machine.
const COST = Number(process.env.BCRYPT_COST ?? 12);

export function hashPassword(password: string): Promise<string> {
  return bcrypt.hash(password, COST);
}

export function verifyPassword(password: string, hash: string): Promise<boolean> {
  return bcrypt.compare(password, hash);
}

// Compared against when the user does not exist, so a wrong email costs as long as a wrong
// password and sign-in does not reveal which accounts exist.
export const DUMMY_HASH = "$2b$12$C6UzMDM.H6dfI/f/IKcEeO5bG6eJ7T2xq0eU8p1h5d3b6kGm0Jz1e";
