import { useRef } from 'react';
import { OperatorNoField, PinField } from '../../components/GateFields.js';
import { useD } from './texts.js';

/** A supervisor's number and PIN on the spot, inside a discount or 改价 dialog. */
export function SupervisorFields({
  why,
  no,
  pin,
  setNo,
  setPin,
}: {
  why: string;
  no: string;
  pin: string;
  setNo: (v: string) => void;
  setPin: (v: string) => void;
}) {
  const { D } = useD();
  const pinRef = useRef<HTMLInputElement>(null);
  return (
    <fieldset className="disc-auth" data-testid="discount-auth">
      <legend>{D('auth.title')}</legend>
      <p className="warn-text">{why}</p>
      <OperatorNoField
        label={D('auth.no')}
        testid="discount-supervisor-no"
        value={no}
        onChange={setNo}
        next={pinRef}
        ref={(el) => el?.focus()}
      />
      <PinField ref={pinRef} label={D('auth.pin')} testid="discount-supervisor-pin" value={pin} onChange={setPin} />
    </fieldset>
  );
}
