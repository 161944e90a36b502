/** Connections open per client address, for the cap at `$connect`. */
export interface AddressStore {
  /** Counts one more connection from `address`; false (counting nothing) when it already has `max`. */
  open(address: string, max: number, nowMs: number): Promise<boolean>;
  close(address: string): Promise<void>;
}
