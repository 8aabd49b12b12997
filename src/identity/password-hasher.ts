import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/**
 * argon2id with the library's defaults (64 MiB, 3 passes). A log-in for an unknown email still
 * verifies against a dummy hash, so timing does not tell which emails have accounts.
 */
@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string | null, password: string): Promise<boolean> {
    if (hash === null) {
      this.dummyHash ??= this.hash('wontak-timing-equaliser');
      await argon2.verify(await this.dummyHash, password).catch(() => false);
      return false;
    }
    return argon2.verify(hash, password).catch(() => false);
  }
}
