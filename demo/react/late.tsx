// A page that renders before the elements are defined (they load later, e.g. lazily): React then writes what
// it cannot set as a property as an attribute. A `ticket` prop therefore lands in the markup, where the element
// removes it unread when it upgrades; a `ticket` property set through a ref is taken over by the upgrade.
import { useEffect, useRef } from 'react';
import { flushSync } from 'react-dom';
import { createRoot } from 'react-dom/client';
import type { CallJoinButton } from 'video-consult-elements';

function Late({ ticket }: { ticket: string }) {
  const button = useRef<CallJoinButton>(null);
  useEffect(() => {
    button.current!.ticket = ticket;
  }, [ticket]);
  return (
    <>
      {/* The wrong way: never pass a ticket in the markup. */}
      <call-join-button id="as-prop" ticket={ticket} />
      <call-join-button id="as-property" ref={button} />
    </>
  );
}

flushSync(() => createRoot(document.getElementById('app')!).render(<Late ticket="demo-ticket-value" />));
await import('video-consult-elements/call-join-button');
document.body.dataset.defined = '';
