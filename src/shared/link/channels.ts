import { z } from 'zod';

/**
 * The eight colour channels panels link through: FDC3's recommended user-channel set (ids
 * `fdc3.channel.1`…`8`, colours in that order; finos/FDC3 PR #727), so a bridge to an FDC3
 * desktop agent stays possible. `color` is the FDC3 colour name; `hex` is the swatch this app
 * draws on its dark background. A panel is on at most one channel at a time (FDC3: "an app can
 * only be joined to one User channel at a time").
 */
export const LINK_CHANNELS = [
  { id: 'fdc3.channel.1', name: 'Channel 1', color: 'red', hex: '#f85149', glyph: '1' },
  { id: 'fdc3.channel.2', name: 'Channel 2', color: 'orange', hex: '#f0883e', glyph: '2' },
  { id: 'fdc3.channel.3', name: 'Channel 3', color: 'yellow', hex: '#d29922', glyph: '3' },
  { id: 'fdc3.channel.4', name: 'Channel 4', color: 'green', hex: '#3fb950', glyph: '4' },
  { id: 'fdc3.channel.5', name: 'Channel 5', color: 'cyan', hex: '#39c5cf', glyph: '5' },
  { id: 'fdc3.channel.6', name: 'Channel 6', color: 'blue', hex: '#58a6ff', glyph: '6' },
  { id: 'fdc3.channel.7', name: 'Channel 7', color: 'magenta', hex: '#db61a2', glyph: '7' },
  { id: 'fdc3.channel.8', name: 'Channel 8', color: 'purple', hex: '#a371f7', glyph: '8' },
] as const;

export type LinkChannel = (typeof LINK_CHANNELS)[number];

export const LinkChannelId = z.enum([
  'fdc3.channel.1',
  'fdc3.channel.2',
  'fdc3.channel.3',
  'fdc3.channel.4',
  'fdc3.channel.5',
  'fdc3.channel.6',
  'fdc3.channel.7',
  'fdc3.channel.8',
]);
export type LinkChannelId = z.infer<typeof LinkChannelId>;

/** The channel's display data (name, colour) by id. */
export function linkChannel(id: LinkChannelId): LinkChannel {
  const found = LINK_CHANNELS.find((c) => c.id === id);
  if (!found) throw new Error(`unknown link channel ${id}`); // unreachable: LinkChannelId is the same list
  return found;
}
