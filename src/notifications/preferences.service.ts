import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Viewer } from '../core/auth/viewer.js';
import { AppError, fieldProblem } from '../core/errors/app-error.js';
import { channelFor } from './delivery-defaults.js';
import { DeliveryChannel, NotificationKind } from './notification-kind.js';
import type { NotificationPreference } from './notification-preference.model.js';

/** Every kind, in the schema's order: a person's preferences list each once. */
export const ALL_KINDS: readonly NotificationKind[] = Object.values(NotificationKind);

/**
 * Each person's choice of how each kind of notification reaches them. Only choices are stored
 * (notification_preference); the rest follow the city's defaults (delivery-defaults.ts). The
 * outbox (outbox.ts) reads the same rows in its own statement when it writes a notification.
 */
@Injectable()
export class PreferencesService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** The person's channel for every kind, choices and defaults together. */
  async list(
    userId: string,
    manager: EntityManager = this.db.manager,
  ): Promise<NotificationPreference[]> {
    const rows: { kind: NotificationKind; channel: DeliveryChannel }[] = await manager.query(
      'SELECT kind, channel FROM notification_preference WHERE user_id = $1',
      [userId],
    );
    const chosen = new Map(rows.map((r) => [r.kind, r.channel]));
    return ALL_KINDS.map((kind) => ({ kind, channel: channelFor(kind, chosen.get(kind) ?? null) }));
  }

  /**
   * Stores the given choices (each kind at most once in one call; the others are untouched) and
   * answers the whole list. One statement for all of them, so two calls at once each apply
   * whole, the later one winning kind by kind.
   */
  async update(
    viewer: Viewer,
    preferences: readonly { kind: NotificationKind; channel: DeliveryChannel }[],
  ): Promise<NotificationPreference[]> {
    const seen = new Set<NotificationKind>();
    preferences.forEach(({ kind }, i) => {
      if (seen.has(kind))
        throw AppError.badInput([
          fieldProblem(`preferences.${i}.kind`, 'field.namedTwice', { field: 'preferences', kind }),
        ]);
      seen.add(kind);
    });
    if (preferences.length) await setChannels(this.db.manager, viewer.id, preferences);
    return this.list(viewer.id);
  }
}

/** Upserts a person's channel per kind; also used by unsubscribe links (src/mail). */
export async function setChannels(
  manager: EntityManager,
  userId: string,
  preferences: readonly { kind: NotificationKind; channel: DeliveryChannel }[],
): Promise<void> {
  await manager.query(
    `INSERT INTO notification_preference (user_id, kind, channel)
     SELECT $1, c.kind, c.channel
       FROM unnest($2::notification_kind[], $3::delivery_channel[]) AS c(kind, channel)
     ON CONFLICT (user_id, kind) DO UPDATE SET channel = excluded.channel`,
    [userId, preferences.map((p) => p.kind), preferences.map((p) => p.channel)],
  );
}
