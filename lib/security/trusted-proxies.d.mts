import type { BlockList } from "node:net";

export type TrustedProxies = { list: BlockList; size: number };
export type NodeRequestLike = { headers: Record<string, string | string[] | undefined>; rawHeaders?: string[] };

export declare const FORWARDED_HEADERS: readonly string[];
export declare function parseTrustedProxies(value: string | undefined): TrustedProxies;
export declare function normaliseAddress(address: string | undefined): { address: string; family: "ipv4" | "ipv6" } | undefined;
export declare function isTrustedProxy(trusted: TrustedProxies, address: string | undefined): boolean;
export declare function resolveClientAddress(trusted: TrustedProxies, socketAddress: string | undefined, forwardedFor: string | string[] | undefined): string;
export declare function normaliseForwardedHeaders(trusted: TrustedProxies, request: NodeRequestLike, socketAddress: string | undefined): void;
