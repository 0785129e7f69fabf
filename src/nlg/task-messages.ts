import { registerMessages } from './messages.ts';

/**
 * What the agent says while running tasks: slot prompts, validation problems, read-backs (amount in
 * digits with currency, target, source account with last four, date), outcomes and bank refusals.
 */
registerMessages({
  // Slot prompts
  'ask.payee.transfer': { en: 'Who would you like to send money to?', zh: '请问您要转给谁？' },
  'ask.amount.transfer': {
    en: 'How much would you like to send to {target}?',
    zh: '请问要给{target}转多少钱？',
  },
  'ask.amount.generic': { en: 'How much?', zh: '请问金额是多少？' },
  'ask.account': {
    en: 'Which account should it come from: {options}?',
    zh: '请问从哪个账户扣款：{options}？',
  },
  'ask.card.repay': { en: 'Which card would you like to pay: {options}?', zh: '请问要还哪张卡：{options}？' },
  'ask.amount.repay': {
    en: 'Your {card} statement balance is {statement} and the minimum due is {minimum}. How much would you like to pay?',
    zh: '您的{card}本期账单{statement}，最低还款{minimum}。请问还多少？',
    elderly: {
      en: 'You owe {statement}. The minimum is {minimum}. How much will you pay?',
      zh: '本期账单{statement}，最低还{minimum}。您还多少？',
    },
  },
  'ask.biller': { en: 'Which bill would you like to pay: {options}?', zh: '请问要缴哪一项：{options}？' },
  'ask.amount.bill': { en: 'How much would you like to pay to {biller}?', zh: '请问给{biller}缴多少钱？' },
  'ask.phone': { en: 'Which phone number should I top up?', zh: '请问给哪个手机号充值？' },
  'ask.amount.topup': {
    en: 'How much credit would you like to add to {phone}?',
    zh: '请问给{phone}充多少钱？',
  },
  'ask.digits.transit': { en: "What's the transit card number?", zh: '请说一下交通卡卡号。' },
  'ask.amount.transit': {
    en: 'How much would you like to add to transit card {phone}?',
    zh: '请问给交通卡{phone}充多少钱？',
  },
  'ask.loan': { en: 'Which loan would you like to pay: {options}?', zh: '请问要还哪笔贷款：{options}？' },
  'ask.amount.loan': {
    en: 'Your next {loan} payment is {due}. How much would you like to pay?',
    zh: '您的{loan}本期应还{due}。请问还多少？',
  },
  'ask.amount.deposit': { en: 'How much would you like to put in the time deposit?', zh: '请问存多少钱？' },
  'ask.term': {
    en: 'For how long: 3, 6, 12, 24, 36 or 60 months?',
    zh: '请问存多久：三个月、六个月、一年、两年、三年还是五年？',
  },
  'ask.amount.fx': { en: 'How much would you like to exchange?', zh: '请问要兑换多少？' },
  'ask.toAccount.fx': {
    en: 'Which account should the money go to: {options}?',
    zh: '请问换到哪个账户：{options}？',
  },
  'ask.frequency': {
    en: 'How often: every week, every two weeks or every month?',
    zh: '请问多久转一次：每周、每两周还是每月？',
  },
  'ask.date': { en: 'On what date?', zh: '请问哪一天？' },
  'ask.date.past': {
    en: '{date} has already passed. On what date should it go: today, or a day after?',
    zh: '{date}已经过去了。请问哪一天办：今天，还是之后的哪一天？',
  },
  'ask.date.range': {
    en: 'On which day, between {from} and {to}?',
    zh: '请问具体哪一天？{from}到{to}之间都可以。',
  },
  'ask.name.payee': { en: "What's the name of the new payee?", zh: '请问新收款人叫什么名字？' },
  'ask.digits.payee': {
    en: "What are the last four digits of {name}'s account number?",
    zh: '请说一下{name}账号的后四位。',
  },
  'ask.payee.remove': { en: 'Which payee would you like to remove?', zh: '请问要删除哪位收款人？' },
  'ask.card.freeze': {
    en: 'Which card would you like to freeze: {options}?',
    zh: '请问要冻结哪张卡：{options}？',
  },
  'ask.card.unfreeze': {
    en: 'Which card would you like to unfreeze: {options}?',
    zh: '请问要解冻哪张卡：{options}？',
  },
  'ask.card.report_lost': {
    en: 'Which card is lost or stolen: {options}?',
    zh: '请问是哪张卡丢失了：{options}？',
  },
  'ask.card.activate': {
    en: 'Which card would you like to activate: {options}?',
    zh: '请问要激活哪张卡：{options}？',
  },
  'ask.card.change_pin': {
    en: 'Which card is the new PIN for: {options}?',
    zh: '请问要修改哪张卡的密码：{options}？',
  },
  'ask.pin.new': {
    en: 'Please say or key in the new PIN for {card}, four to six digits.',
    zh: '请说出或按键输入{card}的新密码，四到六位数字。',
  },
  'ask.pin.confirm': { en: 'Please say the new PIN again to confirm.', zh: '请再输入一次新密码确认。' },
  'ask.scheduled': { en: 'Which scheduled transfer: {options}?', zh: '请问是哪一笔预约转账：{options}？' },
  disambiguate: { en: 'I found {options}. Which one do you mean?', zh: '找到了{options}，请问是哪一个？' },
  // Problems
  'invalid.amount.zero': { en: 'The amount needs to be more than zero.', zh: '金额需要大于零。' },
  'invalid.amount.format': { en: "That amount doesn't look right.", zh: '这个金额好像不对。' },
  'invalid.amount.funds': {
    en: "That's more than {account} has available: {available}.",
    zh: '{account}可用余额只有{available}，余额不足。',
  },
  'invalid.amount.credit': {
    en: "That's more than the available credit on {card}: {available}.",
    zh: '{card}可用额度只有{available}，额度不足。',
  },
  'invalid.amount.limit': {
    en: "That's over your daily transfer limit of {limit}. You can send up to {remaining} more today.",
    zh: '超过了您每日{limit}的转账限额，今天还可以转{remaining}。',
  },
  'invalid.amount.currency': {
    en: "You don't have an account in {currency}.",
    zh: '您没有{currency}账户。',
  },
  'invalid.amount.owed': { en: "That's more than you owe, which is {owed}.", zh: '超过了应还金额{owed}。' },
  'invalid.account.source': { en: "Money can't be sent from {account}.", zh: '{account}不能用于付款。' },
  'invalid.amount.approximate': {
    en: 'I need the exact amount.',
    zh: '需要一个准确的金额。',
  },
  'invalid.amount.owed_currency': {
    en: "That's paid in {currency}.",
    zh: '这笔需要用{currency}还款。',
  },
  'invalid.account.none': {
    en: "You don't have an account I can take money from, so I can't do that here.",
    zh: '您没有可以用来付款的账户，这项业务暂时无法办理。',
  },
  'invalid.account.currency': { en: "{account} isn't in {currency}.", zh: '{account}不是{currency}账户。' },
  'invalid.account.same': {
    en: "The money can't come from the account it's going to.",
    zh: '转出和转入不能是同一个账户。',
  },
  'invalid.payee.unknown': {
    en: "I couldn't find {name} in your payees. You can say a name like {examples}.",
    zh: '在您的收款人里没有找到{name}。您可以说{examples}这样的名字。',
  },
  'invalid.payee.unknown.none': {
    en: "I couldn't find {name} in your payees. To add one, say 'add a payee'.",
    zh: '在您的收款人里没有找到{name}。要添加收款人，请说“添加收款人”。',
  },
  'invalid.payee.exists': { en: '{name} is already one of your payees.', zh: '{name}已经是您的收款人了。' },
  'invalid.biller.none': {
    en: "You don't have a {category} biller saved.",
    zh: '您还没有保存这类缴费项目。',
  },
  'invalid.biller.empty': { en: "You don't have any billers saved.", zh: '您还没有保存缴费项目。' },
  'invalid.card.not_credit': { en: 'Only a credit card can be repaid.', zh: '只有信用卡需要还款。' },
  'invalid.card.freeze': {
    en: 'Your {card} is already {status}, so it can’t be frozen.',
    zh: '您的{card}当前状态无法冻结。',
  },
  'invalid.card.unfreeze': { en: "Your {card} isn't frozen.", zh: '您的{card}没有被冻结。' },
  'invalid.card.report_lost': { en: 'Your {card} is already blocked.', zh: '您的{card}已经挂失了。' },
  'invalid.card.activate': {
    en: 'Your {card} is already active or blocked, so it can’t be activated.',
    zh: '您的{card}不需要激活。',
  },
  'invalid.card.change_pin': {
    en: "Your {card} isn't active, so its PIN can't be changed.",
    zh: '您的{card}当前不可用，无法修改密码。',
  },
  'invalid.card.freeze.none': {
    en: "You don't have an active card to freeze.",
    zh: '您没有可以冻结的卡。',
  },
  'invalid.card.unfreeze.none': { en: "You don't have a frozen card.", zh: '您没有被冻结的卡。' },
  'invalid.card.report_lost.none': {
    en: 'All your cards are already blocked.',
    zh: '您的卡都已经挂失了。',
  },
  'invalid.card.activate.none': {
    en: "You don't have a card waiting to be activated.",
    zh: '您没有需要激活的卡。',
  },
  'invalid.card.change_pin.none': {
    en: "You don't have an active card to change the PIN of.",
    zh: '您没有可以修改密码的卡。',
  },
  'invalid.card.repay.none': {
    en: "You don't have a credit card bill to pay.",
    zh: '您没有需要还款的信用卡。',
  },
  'invalid.loan.none': { en: "You don't have a loan to repay.", zh: '您没有需要还款的贷款。' },
  'invalid.digits.length': { en: 'That should be {min} to {max} digits.', zh: '应该是{min}到{max}位数字。' },
  'invalid.pin.weak': {
    en: 'That PIN is too easy to guess. Please choose another.',
    zh: '这个密码太简单了，请换一个。',
  },
  'invalid.payee.mentioned': {
    en: 'You mentioned {name}, so I have not sent anything yet.',
    zh: '您提到了{name}，所以还没有转出。',
  },
  'invalid.date.past': { en: '{date} has already passed.', zh: '{date}已经过去了。' },
  'invalid.date.paid_now': {
    en: "This payment can only be made today; I can't schedule it for {date}.",
    zh: '这笔只能今天付，没法预约到{date}。',
  },
  'invalid.pin.mismatch': { en: "The two PINs didn't match.", zh: '两次输入的密码不一致。' },
  'invalid.term': {
    en: 'We offer 3, 6, 12, 24, 36 and 60 month terms.',
    zh: '定期存款期限有三个月、六个月、一年、两年、三年和五年。',
  },
  'invalid.fx.same': { en: 'That account is in the same currency.', zh: '这个账户的币种相同。' },
  'invalid.fx.no_source': {
    en: "You don't have an account in {currency} to exchange from. Please say the amount in the currency of the account the money comes from.",
    zh: '您没有{currency}账户，无法从{currency}兑换。请按转出账户的币种说金额。',
  },
  'invalid.fx.one_currency': {
    en: 'Your accounts are all in {currency}, so there is no account to exchange into. You can open an account in another currency in the app.',
    zh: '您的账户都是{currency}账户，没有可以换入的账户。您可以在手机银行App里开立其他币种的账户。',
  },
  'invalid.scheduled.none': {
    en: "I couldn't find a scheduled transfer like that.",
    zh: '没有找到这样的预约转账。',
  },
  'invalid.scheduled.empty': {
    en: "You don't have any scheduled transfers.",
    zh: '您目前没有预约转账。',
  },
  // Read-backs
  'readback.transfer.payee': {
    en: 'To confirm: send {amount} to {target} from {source}. Shall I go ahead?',
    zh: '请确认：从{source}向{target}转账{amount}。确认转账吗？',
    elderly: {
      en: 'Send {amount} to {target}, from {source}. Is that right?',
      zh: '从{source}给{target}转{amount}，对吗？',
    },
  },
  'readback.transfer.payee.dated': {
    en: 'To confirm: send {amount} to {target} from {source} on {date}. Shall I go ahead?',
    zh: '请确认：{date}从{source}向{target}转账{amount}。确认吗？',
  },
  'readback.transfer.own': {
    en: 'To confirm: move {amount} from {source} to {target}{date}. Shall I go ahead?',
    zh: '请确认：从{source}转{amount}到{target}。确认吗？',
  },
  'readback.transfer.fx': {
    en: 'To confirm: move {amount} from {source} to {target}, which comes to {credited}. Shall I go ahead?',
    zh: '请确认：从{source}转{amount}到{target}，折合{credited}。确认吗？',
  },
  'readback.recurring': {
    en: 'To confirm: send {amount} to {target} {frequency}, from {source}. Shall I set it up?',
    zh: '请确认：{frequency}从{source}向{target}转账{amount}。确认设置吗？',
  },
  'readback.recurring.start': {
    en: 'To confirm: send {amount} to {target} {frequency} starting {start}, from {source}. Shall I set it up?',
    zh: '请确认：从{start}起，{frequency}从{source}向{target}转账{amount}。确认设置吗？',
  },
  'readback.repay': {
    en: 'To confirm: pay {amount} to your {card} from {source}. Shall I go ahead?',
    zh: '请确认：从{source}还{card}{amount}。确认还款吗？',
  },
  'readback.bill': {
    en: 'To confirm: pay {amount} to {biller} from {source}. Shall I go ahead?',
    zh: '请确认：从{source}向{biller}缴费{amount}。确认吗？',
  },
  'readback.topup': {
    en: 'To confirm: top up {phone} with {amount} from {source}. Shall I go ahead?',
    zh: '请确认：从{source}给{phone}充值{amount}。确认吗？',
  },
  'readback.transit': {
    en: 'To confirm: add {amount} to transit card {phone} from {source}. Shall I go ahead?',
    zh: '请确认：从{source}给交通卡{phone}充值{amount}。确认吗？',
  },
  'readback.loan': {
    en: 'To confirm: pay {amount} to your {loan} from {source}. Shall I go ahead?',
    zh: '请确认：从{source}还{loan}{amount}。确认吗？',
  },
  'readback.deposit': {
    en: 'To confirm: put {amount} in a {term}-month time deposit from {source}. Shall I go ahead?',
    zh: '请确认：从{source}存入{term}个月定期{amount}。确认吗？',
  },
  'readback.fx': {
    en: 'To confirm: exchange {amount} from {source} into {converted} at {rate}, to {target}. Shall I go ahead?',
    zh: '请确认：从{source}兑换{amount}，按汇率{rate}折合{converted}，存入{target}。确认吗？',
  },
  'readback.payee.add': {
    en: 'To confirm: add {name}, account ending {last4}, as a new payee. Shall I go ahead?',
    zh: '请确认：添加收款人{name}，账号尾号{last4}。确认吗？',
  },
  'readback.payee.remove': {
    en: 'To confirm: remove {name} from your payees. Shall I go ahead?',
    zh: '请确认：删除收款人{name}。确认吗？',
  },
  'readback.payee.remove.scheduled': {
    en: 'To confirm: remove {name} from your payees. Your {count} scheduled or repeating transfers to {name} will be cancelled too. Shall I go ahead?',
    zh: '请确认：删除收款人{name}。给{name}的{count}笔预约或定期转账也会一起取消。确认吗？',
  },
  'readback.card.freeze': {
    en: 'To confirm: freeze your {card}. You can unfreeze it any time. Shall I go ahead?',
    zh: '请确认：冻结您的{card}，之后可以随时解冻。确认吗？',
  },
  'readback.card.unfreeze': {
    en: 'To confirm: unfreeze your {card}. Shall I go ahead?',
    zh: '请确认：解冻您的{card}。确认吗？',
  },
  'readback.card.report_lost': {
    en: "To confirm: block your {card} for good as lost or stolen. This can't be undone. Shall I go ahead?",
    zh: '请确认：将您的{card}挂失并永久停用，挂失后无法恢复。确认吗？',
  },
  'readback.card.activate': {
    en: 'To confirm: activate your {card}. Shall I go ahead?',
    zh: '请确认：激活您的{card}。确认吗？',
  },
  'readback.card.change_pin': {
    en: 'To confirm: change the PIN of your {card}. Shall I go ahead?',
    zh: '请确认：修改您的{card}的密码。确认吗？',
  },
  'readback.scheduled.cancel': {
    en: 'To confirm: cancel the scheduled transfer {transfer}. Shall I go ahead?',
    zh: '请确认：取消预约转账{transfer}。确认吗？',
  },
  // Outcomes
  'done.transfer.payee': {
    en: "Done. I've sent {amount} to {target}. Your reference is {reference}.",
    zh: '转账成功，已向{target}转账{amount}，交易参考号{reference}。',
  },
  'done.transfer.own': {
    en: "Done. I've moved {amount} to {target}. Your reference is {reference}.",
    zh: '转账成功，已转{amount}到{target}，交易参考号{reference}。',
  },
  'done.transfer.scheduled': {
    en: 'Done. {amount} to {target} is scheduled. Your reference is {reference}.',
    zh: '预约成功，{amount}将按时转给{target}，参考号{reference}。',
  },
  'done.recurring': {
    en: "Done. I've set up the recurring transfer of {amount}, starting {date}. Reference {reference}.",
    zh: '设置成功，{amount}的定期转账将从{date}开始，参考号{reference}。',
  },
  'done.repay': {
    en: "Done. I've paid {amount} to your {card}. Your reference is {reference}.",
    zh: '还款成功，已向{card}还款{amount}，参考号{reference}。',
  },
  'done.bill': {
    en: "Done. I've paid {amount} to {biller}. Your reference is {reference}.",
    zh: '缴费成功，已向{biller}缴纳{amount}，参考号{reference}。',
  },
  'done.topup': {
    en: "Done. I've topped up {phone} with {amount}. Reference {reference}.",
    zh: '充值成功，已给{phone}充值{amount}，参考号{reference}。',
  },
  'done.transit': {
    en: "Done. I've added {amount} to transit card {phone}. Reference {reference}.",
    zh: '充值成功，交通卡{phone}已充值{amount}，参考号{reference}。',
  },
  'done.loan': {
    en: "Done. I've paid {amount} towards your {loan}. Reference {reference}.",
    zh: '还款成功，已向{loan}还款{amount}，参考号{reference}。',
  },
  'done.deposit': {
    en: "Done. I've put {amount} in a {term}-month time deposit. Reference {reference}.",
    zh: '存入成功，{amount}已存为{term}个月定期，参考号{reference}。',
  },
  'done.fx': {
    en: "Done. I've exchanged {amount} into {converted}. Reference {reference}.",
    zh: '兑换成功，{amount}已换成{converted}，参考号{reference}。',
  },
  'done.payee.add': {
    en: 'Done. {name} is now one of your payees.',
    zh: '添加成功，{name}已加入您的收款人。',
  },
  'done.payee.remove': {
    en: "Done. I've removed {name} from your payees.",
    zh: '删除成功，已移除收款人{name}。',
  },
  'done.card.freeze': {
    en: 'Done. Your {card} ending {last4} is frozen.',
    zh: '已冻结，您尾号{last4}的{card}已暂停使用。',
  },
  'done.card.unfreeze': {
    en: 'Done. Your {card} ending {last4} is unfrozen and ready to use.',
    zh: '已解冻，您尾号{last4}的{card}可以正常使用了。',
  },
  'done.card.report_lost': {
    en: 'Done. Your {card} ending {last4} is blocked. A replacement can be sent to you; I can connect you to a colleague to order it.',
    zh: '挂失成功，您尾号{last4}的{card}已停用。如需补办新卡，可以为您转接人工客服。',
  },
  'done.card.activate': {
    en: 'Done. Your {card} ending {last4} is active.',
    zh: '激活成功，您尾号{last4}的{card}已可以使用。',
  },
  'done.card.change_pin': {
    en: 'Done. The PIN of your {card} ending {last4} is changed.',
    zh: '修改成功，您尾号{last4}的{card}密码已更新。',
  },
  'done.scheduled.cancel': {
    en: "Done. I've cancelled the scheduled transfer of {amount}.",
    zh: '已取消{amount}的预约转账。',
  },
  // Bank refusals (src/shared/errors.ts codes)
  'refused.TELLER_ERR_INSUFFICIENT_FUNDS': {
    en: "I couldn't do that: there isn't enough available. Nothing was sent.",
    zh: '操作未完成：余额不足，没有扣款。',
  },
  'refused.TELLER_ERR_DAILY_LIMIT': {
    en: "I couldn't do that: it's over your daily limit. You can send {remaining} more today. Nothing was sent.",
    zh: '操作未完成：超过每日限额，今天还可以转{remaining}，没有扣款。',
  },
  'refused.TELLER_ERR_CREDIT_LIMIT': {
    en: "I couldn't do that: there isn't enough available credit. Nothing was charged.",
    zh: '操作未完成：可用额度不足，没有扣款。',
  },
  'refused.TELLER_ERR_CARD_NOT_ACTIVE': {
    en: "I couldn't do that because the card is {status}. Nothing was charged.",
    zh: '操作未完成：卡片当前不可用，没有扣款。',
  },
  'refused.TELLER_ERR_CARD_STATE': {
    en: "I couldn't do that because the card is {status}.",
    zh: '操作未完成：卡片状态不允许此操作。',
  },
  'refused.TELLER_ERR_UNKNOWN_PAYEE': {
    en: "I couldn't do that: that payee isn't saved any more. Nothing was sent.",
    zh: '操作未完成：找不到这位收款人，没有扣款。',
  },
  'refused.TELLER_ERR_UNKNOWN_ACCOUNT': {
    en: "I couldn't do that: I couldn't find that account. Nothing was sent.",
    zh: '操作未完成：找不到这个账户，没有扣款。',
  },
  'refused.TELLER_ERR_UNKNOWN_BILLER': {
    en: "I couldn't do that: that biller isn't saved. Nothing was paid.",
    zh: '操作未完成：找不到这个缴费项目，没有扣款。',
  },
  'refused.TELLER_ERR_CURRENCY_MISMATCH': {
    en: "I couldn't do that: the currencies don't match. Nothing was sent.",
    zh: '操作未完成：币种不符，没有扣款。',
  },
  'refused.TELLER_ERR_INVALID_AMOUNT': {
    en: "I couldn't do that: the amount isn't valid. Nothing was sent.",
    zh: '操作未完成：金额无效，没有扣款。',
  },
  'refused.TELLER_ERR_INVALID_REQUEST': {
    en: "I couldn't do that. Nothing was changed.",
    zh: '操作未完成，没有做任何更改。',
  },
  'refused.TELLER_ERR_STEPUP_REQUIRED': {
    en: "I couldn't do that: the bank needs you to verify it's you first. Nothing was done.",
    zh: '操作未完成：银行需要先验证您的身份。本次没有办理任何业务。',
  },
  'refused.TELLER_ERR_IDEMPOTENCY_CONFLICT': {
    en: "I couldn't do that. Nothing was sent.",
    zh: '操作未完成，没有扣款。',
  },
  'refused.TELLER_ERR_NOT_FOUND': {
    en: "I couldn't find that. Nothing was changed.",
    zh: '没有找到相关记录，没有做任何更改。',
  },
  'refused.TELLER_ERR_INTERNAL': {
    en: 'Sorry, something went wrong, and nothing was done.',
    zh: '抱歉，系统出了点问题，本次操作没有完成。',
  },
});
