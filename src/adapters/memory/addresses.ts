import type { AddressStore } from '../../ports/addresses';

export class MemoryAddressStore implements AddressStore {
  private readonly open_ = new Map<string, number>();

  open(address: string, max: number): Promise<boolean> {
    const count = this.open_.get(address) ?? 0;
    if (count >= max) return Promise.resolve(false);
    this.open_.set(address, count + 1);
    return Promise.resolve(true);
  }

  close(address: string): Promise<void> {
    const count = this.open_.get(address) ?? 0;
    if (count > 0) this.open_.set(address, count - 1);
    return Promise.resolve();
  }
}
