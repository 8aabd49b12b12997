import {
  Args,
  Context,
  Int,
  Mutation,
  Parent,
  Query,
  ResolveField,
  Resolver,
} from '@nestjs/graphql';
import { ConnectionArgs } from '../core/graphql/relay/connection.args.js';
import { Allow, AllowWhileSuspended, Permission } from '../core/access/permissions.js';
import { CurrentViewer, viewerOf } from '../core/auth/current-viewer.decorator.js';
import type { Viewer } from '../core/auth/viewer.js';
import { MaxChars, MaxItems, TEXT_CHARS } from '../core/graphql/cost-model.js';
import type { RequestContext } from '../core/graphql/request-context.js';
import type { UserEntity } from '../identity/user.entity.js';
import { User } from '../identity/user.model.js';
import { UsersService } from '../identity/users.service.js';
import type { WorkshopEntity } from '../workshops/workshop.entity.js';
import { Workshop } from '../workshops/workshop.model.js';
import { WorkshopsService } from '../workshops/workshops.service.js';
import type {
  ChildEntity,
  ChildRegistrationEntity,
  ConsentTextEntity,
  GuardianConsentEntity,
} from './child.entity.js';
import {
  AddChildInput,
  ChildIdArgs,
  ChildRegistrationIdArgs,
  GUARDIAN_LIMITS,
  PublishGuardianConsentTextArgs,
  RegisterChildInput,
} from './dto/guardians.inputs.js';
import { readsOwnChildren, seesChildRegistration, seesChildrenOf } from './guardian-access.js';
import { Child, ChildRegistration, ConsentRecord, ConsentText } from './guardians.model.js';
import { GuardiansService } from './guardians.service.js';

/** The consent text, the guardians' mutations, and what a child registration shows. */
@Resolver(() => ChildRegistration)
export class GuardiansResolver {
  constructor(
    private readonly guardians: GuardiansService,
    private readonly workshops: WorkshopsService,
    private readonly users: UsersService,
  ) {}

  @Query(() => ConsentText, { description: 'The current guardian consent text.' })
  @Allow(Permission.READ_PUBLIC)
  guardianConsentText(): Promise<ConsentTextEntity> {
    return this.guardians.currentConsentText();
  }

  @Mutation(() => ConsentText, {
    description:
      'ADMIN only: a new version of the guardian consent text, current from now on; registerChild then refuses the older versions.',
  })
  @Allow(Permission.ADMINISTER)
  publishGuardianConsentText(
    @Args() args: PublishGuardianConsentTextArgs,
  ): Promise<ConsentTextEntity> {
    return this.guardians.publishConsentText(args);
  }

  @Mutation(() => Child, {
    description: `Any signed-in adult (19 or more this year by birth year; FORBIDDEN with extensions.reason NOT_ADULT or AGE_UNKNOWN otherwise), at most ${GUARDIAN_LIMITS.children} children.`,
  })
  @Allow(Permission.PARTICIPATE)
  addChild(
    @Args('input') input: AddChildInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<ChildEntity> {
    return this.guardians.addChild(viewer, input);
  }

  @Mutation(() => ChildRegistration, {
    description:
      "The child's guardian, consenting to the current consent text; the workshop must take children (childrenAllowed) of the child's age (FORBIDDEN with extensions.reason TOO_YOUNG or TOO_OLD). Children and adults share one queue. Registering an active child again returns its registration.",
  })
  @Allow(Permission.PARTICIPATE)
  registerChild(
    @Args('input') input: RegisterChildInput,
    @CurrentViewer() viewer: Viewer,
  ): Promise<ChildRegistrationEntity> {
    return this.guardians.registerChild(viewer, input);
  }

  @Mutation(() => ChildRegistration, {
    description:
      'The guardian only; frees the place for the next in the queue. Closed once the workshop has started.',
  })
  @Allow(Permission.PARTICIPATE)
  cancelChildRegistration(
    @Args() { id }: ChildRegistrationIdArgs,
    @CurrentViewer() viewer: Viewer,
  ): Promise<ChildRegistrationEntity> {
    return this.guardians.cancelChildRegistration(viewer, id);
  }

  @Mutation(() => Boolean, {
    description:
      "Cancels the child's registrations and erases what is no longer needed. The guardian only, also while suspended: the child and its registrations are deleted; the consent records stay, marked withdrawn (User.guardianConsents).",
  })
  @Allow(Permission.PARTICIPATE)
  @AllowWhileSuspended()
  withdrawGuardianConsent(
    @Args() { childId }: ChildIdArgs,
    @CurrentViewer() viewer: Viewer,
  ): Promise<boolean> {
    return this.guardians.withdrawConsent(viewer, childId);
  }

  @ResolveField(() => Workshop)
  async workshop(
    @Parent() registration: ChildRegistrationEntity,
    @Context() ctx: RequestContext,
  ): Promise<WorkshopEntity> {
    return (await this.workshops.load(ctx.loaders, registration.workshopId))!;
  }

  @ResolveField(() => Child, {
    description: 'First name and birth year only (organizers see no more than that).',
  })
  async child(
    @Parent() registration: ChildRegistrationEntity,
    @Context() ctx: RequestContext,
  ): Promise<ChildEntity> {
    return (await this.guardians.loadChild(ctx.loaders, registration.childId))!;
  }

  @ResolveField(() => User, { nullable: true, description: 'The guardian and the organizers.' })
  async guardian(
    @Parent() registration: ChildRegistrationEntity,
    @Context() ctx: RequestContext,
  ): Promise<UserEntity | null> {
    if (!(await this.sees(registration, ctx))) return null;
    return this.users.load(ctx.loaders, registration.guardianId);
  }

  @ResolveField(() => String, {
    nullable: true,
    description:
      "Shared with organizers by the guardian's choice; the guardian and the organizers.",
  })
  @MaxChars(GUARDIAN_LIMITS.guardianContact[1])
  async guardianContact(
    @Parent() registration: ChildRegistrationEntity,
    @Context() ctx: RequestContext,
  ): Promise<string | null> {
    return (await this.sees(registration, ctx)) ? registration.guardianContact : null;
  }

  @ResolveField(() => Int, {
    nullable: true,
    description:
      "1-based place in the workshop's waitlist (adults and children are one queue) while WAITLISTED, else null.",
  })
  waitlistPosition(
    @Parent() registration: ChildRegistrationEntity,
    @Context() ctx: RequestContext,
  ): Promise<number | null> {
    return this.guardians.waitlistPosition(ctx.loaders, registration);
  }

  @ResolveField(() => ConsentRecord, {
    description: 'The consent this registration was made under.',
  })
  async consent(
    @Parent() registration: ChildRegistrationEntity,
    @Context() ctx: RequestContext,
  ): Promise<GuardianConsentEntity> {
    return (await this.guardians.loadConsent(ctx.loaders, registration.consentId))!;
  }

  @ResolveField(() => String, {
    description: "Pass as Workshop.childRegistrations' after to read on from here.",
  })
  @MaxChars(TEXT_CHARS.cursor)
  cursor(@Parent() registration: ChildRegistrationEntity): string {
    return this.guardians.cursorOf(registration);
  }

  private async sees(registration: ChildRegistrationEntity, ctx: RequestContext): Promise<boolean> {
    const workshop = await this.workshops.load(ctx.loaders, registration.workshopId);
    return workshop !== null && seesChildRegistration(viewerOf(ctx), registration, workshop);
  }
}

/** A user's children, their registrations and consent records: the user themself only. */
@Resolver(() => User)
export class UserChildrenResolver {
  constructor(private readonly guardians: GuardiansService) {}

  @ResolveField(() => [Child], {
    nullable: true,
    description: `The user themself only (null for anyone else, admins included); at most ${GUARDIAN_LIMITS.children}.`,
  })
  @MaxItems(GUARDIAN_LIMITS.children)
  children(
    @Parent() user: UserEntity,
    @Context() ctx: RequestContext,
  ): Promise<ChildEntity[]> | null {
    return readsOwnChildren(user, ctx) ? this.guardians.childrenOf(ctx.loaders, user.id) : null;
  }

  @ResolveField(() => [ChildRegistration], {
    nullable: true,
    description: `The user themself only (null for anyone else, admins included): their children's registrations, any status, the newest ${GUARDIAN_LIMITS.listed}.`,
  })
  @MaxItems(GUARDIAN_LIMITS.listed)
  childRegistrations(
    @Parent() user: UserEntity,
    @Context() ctx: RequestContext,
  ): Promise<ChildRegistrationEntity[]> | null {
    return readsOwnChildren(user, ctx)
      ? this.guardians.registrationsOf(ctx.loaders, user.id)
      : null;
  }

  @ResolveField(() => [ConsentRecord], {
    nullable: true,
    description: `The user themself only (null for anyone else, admins included): every consent they gave as a guardian, also for children since erased (withdrawnAt set), the newest ${GUARDIAN_LIMITS.listed}.`,
  })
  @MaxItems(GUARDIAN_LIMITS.listed)
  guardianConsents(
    @Parent() user: UserEntity,
    @Context() ctx: RequestContext,
  ): Promise<GuardianConsentEntity[]> | null {
    return readsOwnChildren(user, ctx) ? this.guardians.consentsOf(ctx.loaders, user.id) : null;
  }
}

/** The children registered for a workshop, for the people who run it. */
@Resolver(() => Workshop)
export class WorkshopChildrenResolver {
  constructor(private readonly guardians: GuardiansService) {}

  @ResolveField(() => [ChildRegistration], {
    nullable: true,
    description: `Organizers (STAFF of the organizing department) and ADMIN; null for everyone else. The children holding or awaiting a place, in queue order; organizers see first names and ages only. Paged as connections are (first, after), by a ChildRegistration's cursor.`,
  })
  childRegistrations(
    @Parent() workshop: WorkshopEntity,
    @Args() args: ConnectionArgs,
    @Context() ctx: RequestContext,
  ): Promise<ChildRegistrationEntity[]> | null {
    if (!seesChildrenOf(viewerOf(ctx), workshop)) return null;
    return this.guardians.ofWorkshop(ctx.loaders, workshop.id, args);
  }
}

/** The workshop a consent was given for. */
@Resolver(() => ConsentRecord)
export class ConsentRecordResolver {
  constructor(private readonly workshops: WorkshopsService) {}

  @ResolveField(() => Workshop, {
    nullable: true,
    description: 'The workshop the consent was given for; null once it is deleted.',
  })
  workshop(
    @Parent() consent: GuardianConsentEntity,
    @Context() ctx: RequestContext,
  ): Promise<WorkshopEntity | null> | null {
    return consent.workshopId ? this.workshops.load(ctx.loaders, consent.workshopId) : null;
  }
}
