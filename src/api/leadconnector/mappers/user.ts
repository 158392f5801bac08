import type { User } from '../../../store/repositories/users.ts';

/** A Slotbase user as HighLevel's UserSchema: one location, the role as given. */
export function userToLc(user: User) {
  return {
    id: user.id,
    name: `${user.firstName} ${user.lastName}`.trim(),
    firstName: user.firstName,
    lastName: user.lastName,
    email: user.email,
    phone: user.phone ?? '',
    extension: '',
    permissions: {},
    roles: { type: 'account', role: user.role, locationIds: [user.locationId], restrictSubAccount: false },
    deleted: false,
  };
}
