/**
 * ERC-20 Transfer events as a transaction receipt lists them: the event
 * Transfer(address indexed from, address indexed to, uint256 value) is a log whose first topic
 * is keccak-256 of its signature, whose next two topics are the addresses (left-padded to 32
 * bytes) and whose data is the value.
 */
import { hexToIntegerText } from "./units";

/** keccak256("Transfer(address,address,uint256)"). */
export const TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";

export interface EvmLog {
  address: string;
  topics: readonly string[];
  data: string;
}

export interface TokenTransfer {
  /** The token contract that emitted it, lower case. */
  token: string;
  from: string;
  to: string;
  /** In the token's smallest unit, decimal integer text. */
  value: string;
}

const TOPIC = /^0x[0-9a-fA-F]{64}$/;

/** The 20-byte address held in a 32-byte topic, lower case; undefined when not padded so. */
function topicAddress(topic: string | undefined): string | undefined {
  if (topic === undefined || !TOPIC.test(topic) || !/^0x0{24}/.test(topic)) return undefined;
  return `0x${topic.slice(26).toLowerCase()}`;
}

/** The transfer a log records, or undefined when the log is not an ERC-20 Transfer. */
export function decodeTransfer(log: EvmLog): TokenTransfer | undefined {
  const [signature, fromTopic, toTopic] = log.topics;
  // ERC-721 Transfer shares the signature but indexes the token id too (four topics).
  if (log.topics.length !== 3 || signature?.toLowerCase() !== TRANSFER_TOPIC) return undefined;
  const from = topicAddress(fromTopic);
  const to = topicAddress(toTopic);
  const data = log.data.trim();
  const value = /^0x[0-9a-fA-F]{64}$/.test(data) ? hexToIntegerText(data) : undefined;
  if (!from || !to || value === undefined) return undefined;
  return { token: log.address.toLowerCase(), from, to, value };
}
