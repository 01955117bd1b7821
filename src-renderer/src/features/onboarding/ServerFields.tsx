import { useTranslation } from 'react-i18next'
import type { Security } from '../../../../src-preload/contract'
import { Field, fieldA11y } from '../../components/Field'
import type { FormField, ServerForm, ServerForms, ServerKind } from './account-form-state'
import './server-fields.css'

type Props = {
  kind: ServerKind
  value: ServerForm
  disabled: boolean
  errorOf: (field: FormField) => string | null
  onHost: (host: string) => void
  onPort: (port: string) => void
  onSecurity: (security: Security) => void
  /** Keeps the inputs' ids apart from another form's on the same page. */
  idPrefix?: string
}

const securities: Security[] = ['tls', 'starttls', 'none']

/** Host, port and security of the IMAP or SMTP server. */
export function ServerFields(props: Props) {
  const { kind, value, disabled, errorOf, onHost, onPort, onSecurity, idPrefix = 'account' } = props
  const { t } = useTranslation()
  const id = (part: string) => `${idPrefix}-${kind}-${part}`
  const hostError = errorOf(`${kind}.host`)
  const portError = errorOf(`${kind}.port`)
  const securityError = errorOf(`${kind}.security`)
  return (
    <fieldset className="server-fields" disabled={disabled}>
      <legend>{t(`onboarding.${kind}.legend`)}</legend>
      <div className="server-fields__row">
        <Field id={id('host')} label={t('onboarding.server.host')} error={hostError}>
          <input
            {...fieldA11y(id('host'), hostError)}
            type="text"
            autoComplete="off"
            spellCheck={false}
            value={value.host}
            placeholder={t(`onboarding.${kind}.hostPlaceholder`)}
            onChange={(event) => onHost(event.target.value)}
          />
        </Field>
        <Field id={id('port')} label={t('onboarding.server.port')} error={portError}>
          <input
            {...fieldA11y(id('port'), portError)}
            className="input--port"
            type="text"
            inputMode="numeric"
            value={value.port}
            onChange={(event) => onPort(event.target.value)}
          />
        </Field>
        <Field id={id('security')} label={t('onboarding.server.security')} error={securityError}>
          <select
            {...fieldA11y(id('security'), securityError)}
            value={value.security}
            onChange={(event) => onSecurity(event.target.value as Security)}
          >
            {securities.map((security) => (
              <option key={security} value={security}>
                {t(`onboarding.security.${security}`)}
              </option>
            ))}
          </select>
        </Field>
      </div>
    </fieldset>
  )
}

type BothProps = Pick<Props, 'disabled' | 'errorOf' | 'idPrefix'> & {
  values: ServerForms
  onServer: (kind: ServerKind, part: 'host' | 'port', text: string) => void
  onSecurity: (kind: ServerKind, security: Security) => void
}

/** The IMAP server, then the SMTP server. */
export function BothServerFields({ values, onServer, onSecurity, ...shared }: BothProps) {
  return (['imap', 'smtp'] as const).map((kind) => (
    <ServerFields
      key={kind}
      kind={kind}
      value={values[kind]}
      {...shared}
      onHost={(host) => onServer(kind, 'host', host)}
      onPort={(port) => onServer(kind, 'port', port)}
      onSecurity={(security) => onSecurity(kind, security)}
    />
  ))
}
