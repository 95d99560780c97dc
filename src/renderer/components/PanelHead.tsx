import type { ReactNode } from 'react';
import { PANEL_TRAITS, type Panel } from '../../shared/layout';
import { LINK_CHANNELS, linkChannel, LinkChannelId } from '../../shared/link';
import { usePanel, useTerminal, useWorkspace } from '../app/context';
import { ownWindow } from '../store/slices/workspace';
import { useKeyLabel } from '../keys/useKeyLabel';

/**
 * A panel's title row: the heading (which names the panel's region) and, for a panel drawn in
 * the workspace, its window controls — `Link colour` (for kinds that take part in linking) and
 * `Detach <panel>` (the keymap's detach key from inside the panel, Ctrl+Shift+D by default).
 */
export function PanelHead({ id, name, children }: { id: string; name: string; children: ReactNode }) {
  const panel = usePanel();
  return (
    <div className="panel-head">
      <h2 id={id} className="panel-title">
        {children}
      </h2>
      {panel && <PanelControls panel={panel} name={name} />}
    </div>
  );
}

/**
 * `Link colour` and `Detach <name>` of a workspace panel, for panels whose title row is their
 * own (the chart's intervals and Buy/Sell, the depth ladder's symbol).
 */
export function PanelControls({ panel, name }: { panel: Panel; name: string }) {
  const workspace = useWorkspace();
  // Alone in a detached window there is nothing to detach it from (the window's Return control takes it back).
  const detachKey = useKeyLabel()('panel.detach');
  const canDetach = useTerminal((s) => {
    const own = ownWindow(s.workspace);
    return own !== null && (own.role === 'main' || own.panels.length > 1);
  });
  return (
    <div className="panel-controls">
      {PANEL_TRAITS[panel.kind].link !== 'none' && (
        <LinkColour value={panel.link} onChange={(channel) => void workspace.setLink(panel, channel)} />
      )}
      {canDetach && (
        <button
          type="button"
          className="btn btn-small"
          data-detach=""
          aria-label={`Detach ${name}`}
          title={`Detach ${name} into a window of its own${detachKey ? ` (${detachKey})` : ''}`}
          onClick={() => void workspace.detach(panel.id, name)}
        >
          Detach
        </button>
      )}
    </div>
  );
}

/** FDC3's colour names, as a trader says them. */
function colourName(color: string): string {
  return color.charAt(0).toUpperCase() + color.slice(1);
}

/** The channel's colour for people: "Red", "Green"… (null: "None"). */
export function linkColourName(channel: LinkChannelId | null): string {
  return channel === null ? 'None' : colourName(linkChannel(channel).color);
}

export function LinkColour({
  value,
  onChange,
}: {
  value: LinkChannelId | null;
  onChange: (channel: LinkChannelId | null) => void;
}) {
  const hex = value === null ? undefined : linkChannel(value).hex;
  return (
    <span className="link-colour">
      <span
        className={`swatch${value === null ? ' swatch-none' : ''}`}
        style={{ background: hex }}
        aria-hidden="true"
      />
      <select
        aria-label="Link colour"
        title="Panels of the same colour follow each other's instrument, in every window"
        value={value ?? ''}
        onChange={(e) => {
          const parsed = LinkChannelId.safeParse(e.target.value);
          onChange(parsed.success ? parsed.data : null);
        }}
      >
        <option value="">None</option>
        {LINK_CHANNELS.map((c) => (
          <option key={c.id} value={c.id}>
            {colourName(c.color)}
          </option>
        ))}
      </select>
    </span>
  );
}
