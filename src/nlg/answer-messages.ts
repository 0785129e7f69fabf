import { registerMessages } from './messages.ts';

/**
 * What the agent says when it answers informational intents (balances, bills, places, rates), keyed
 * `answer.<intent>...`. Keys ending in a fragment name (`.item`, `answer.tx.*`, `answer.service.*`)
 * are pieces rendered into other messages' params: lists and scopes are composed in code, in the
 * session's language, because English and Mandarin order them differently. FAQ answers
 * (`answer.<faq intent>`) come from the NLU catalogue and are registered by src/dialog/answers/faq.ts.
 */
registerMessages({
  // account.balance
  'answer.account.balance.one': {
    en: 'Your {account} has {amount} available.',
    zh: '您的{account}可用余额为{amount}。',
    elderly: { en: 'Your {account} has {amount}.', zh: '您的{account}有{amount}。' },
  },
  'answer.account.balance.overdraft': {
    en: 'Your {account} balance is {balance}, with {amount} available.',
    zh: '您的{account}余额为{balance}，可用余额{amount}。',
  },
  'answer.account.balance.loan': {
    en: 'You owe {amount} on your {account}.',
    zh: '您的{account}还欠{amount}。',
  },
  'answer.account.balance.card': {
    en: 'Your {card} balance is {owed}, and you have {available} of credit available.',
    zh: '您的{card}当前欠款{owed}，可用额度{available}。',
  },
  'answer.account.balance.all': { en: 'Here are your balances: {items}.', zh: '您的账户余额：{items}。' },
  'answer.account.balance.all.more': {
    en: 'Here are five of your balances: {items}. You have {more} more accounts in the app.',
    zh: '您的部分账户余额：{items}。其余{more}个账户可以在手机银行查看。',
  },
  'answer.account.balance.item': { en: '{account}, {amount} available', zh: '{account}可用余额{amount}' },
  'answer.account.balance.item.loan': { en: '{account}, {amount} owed', zh: '{account}欠款{amount}' },
  'answer.account.balance.item.deposit': { en: '{account}, holding {amount}', zh: '{account}存款{amount}' },
  'answer.account.balance.deposit': {
    en: 'Your {account} holds {amount}.',
    zh: '您的{account}存款金额为{amount}。',
  },
  'answer.account.none': { en: "I can't find any accounts for you.", zh: '没有查到您的账户。' },
  'answer.card.debit_no_account': {
    en: "Your {card} is a debit card, and I can't find the account it draws on.",
    zh: '您的{card}是借记卡，没有查到它关联的账户。',
  },

  // account.details
  'answer.account.details.one': { en: 'Here are the details: {items}.', zh: '账户信息：{items}。' },
  'answer.account.details.all': { en: 'You have these accounts: {items}.', zh: '您的账户有：{items}。' },
  'answer.account.details.item': {
    en: '{name}, a {type} account in {currency}, ending {last4}',
    zh: '{name}，{type}，币种{currency}，尾号{last4}',
  },
  'answer.account.details.item.nolast4': {
    en: '{name}, a {type} account in {currency}',
    zh: '{name}，{type}，币种{currency}',
  },
  'answer.account.details.full_number': {
    en: 'For your security I only read the last four digits; the full number is in the app.',
    zh: '为了您的安全，我只读后四位，完整账号请在手机银行里查看。',
  },
  'answer.account.type.checking': { en: 'checking', zh: '活期账户' },
  'answer.account.type.savings': { en: 'savings', zh: '储蓄账户' },
  'answer.account.type.loan': { en: 'loan', zh: '贷款账户' },
  'answer.account.type.deposit': { en: 'time deposit', zh: '定期存款' },

  // account.interest
  'answer.account.interest.rate': {
    en: 'Your {account} pays {rate}% interest a year.',
    zh: '您的{account}目前年利率为{rate}%。',
  },
  'answer.account.interest.rate.loan': {
    en: 'Your {account} is charged {rate}% interest a year.',
    zh: '您的{account}贷款年利率为{rate}%。',
  },
  'answer.account.interest.paid': {
    en: 'Its latest interest payment was {amount}, on {date}.',
    zh: '最近一次结息是在{date}，金额{amount}。',
  },
  'answer.account.interest.paid_in.one': {
    en: 'It was paid {amount} of interest {period}, on {date}.',
    zh: '{period}的利息是{amount}，{date}到账。',
  },
  'answer.account.interest.paid_in': {
    en: 'It was paid {amount} of interest {period}, in {count} payments.',
    zh: '{period}共结息{count}次，合计{amount}。',
  },
  'answer.account.interest.none_in': {
    en: "I don't see an interest payment on it {period}.",
    zh: '{period}没有查到它的结息记录。',
  },
  'answer.account.interest.none_paid': {
    en: "I don't see an interest payment on it yet.",
    zh: '暂时还没有查到它的结息记录。',
  },

  // account.transactions
  'answer.account.transactions.list': {
    en: 'Here are your latest {what}: {items}.',
    zh: '以下是您最近{what}：{items}。',
  },
  'answer.account.transactions.found': {
    en: 'I found {total} {what}. The latest {count}: {items}.',
    zh: '共找到{total}笔您{what}，最近{count}笔是：{items}。',
  },
  'answer.account.transactions.none': { en: "I couldn't find any {what}.", zh: '没有找到您{what}。' },
  'answer.account.transactions.latest': {
    en: 'Your latest {what}: {items}.',
    zh: '您最近一笔{what}：{items}。',
  },
  'answer.tx.what': {
    en: '{merchant} {kind} transactions {source} {amount} {period}',
    zh: '{period}{source}{merchant}{amount}的{kind}交易',
  },
  'answer.tx.what.one': {
    en: '{merchant} {kind} transaction {source} {amount} {period}',
    zh: '{period}{source}{merchant}{amount}的{kind}交易',
  },
  'answer.tx.what.all': { en: 'transactions', zh: '的交易' },
  'answer.tx.what.all.one': { en: 'transaction', zh: '交易' },
  'answer.tx.kind.pay': { en: 'payroll', zh: '工资入账' },
  'answer.tx.kind.credit': { en: 'incoming', zh: '入账' },
  'answer.tx.merchant': { en: '{merchant}', zh: '在{merchant}' },
  'answer.tx.payee': { en: '{payee}', zh: '与{payee}之间' },
  'answer.tx.source': { en: 'on {name}', zh: '{name}' },
  'answer.tx.amount.over': { en: 'over {amount}', zh: '超过{amount}' },
  'answer.tx.amount.under': { en: 'under {amount}', zh: '低于{amount}' },
  'answer.tx.amount.exact': { en: 'of {amount}', zh: '金额为{amount}' },
  'answer.tx.item.debit': { en: '{date}, {merchant}, {amount}', zh: '{date}{merchant}支出{amount}' },
  'answer.tx.item.debit.nodate': { en: '{merchant}, {amount}', zh: '{merchant}支出{amount}' },
  'answer.tx.item.credit.nodate': { en: '{merchant}, {amount} received', zh: '{merchant}收入{amount}' },
  'answer.tx.item.credit': {
    en: '{date}, {merchant}, {amount} received',
    zh: '{date}{merchant}收入{amount}',
  },
  'answer.tx.count': { en: '{count} transactions', zh: '{count}笔' },
  'answer.tx.count.one': { en: '1 transaction', zh: '1笔' },

  // account.spending
  'answer.account.spending.spent': {
    en: 'You spent {total} {merchant} {source} {period}, in {count}.',
    zh: '您{period}{source}{merchant}共消费{count}，合计{total}。',
  },
  'answer.account.spending.received': {
    en: 'You received {total} {merchant} {source} {period}, in {count}.',
    zh: '您{period}{source}{merchant}共收入{count}，合计{total}。',
  },
  'answer.account.spending.spent.none': {
    en: "You haven't spent anything {merchant} {source} {period}.",
    zh: '您{period}{source}{merchant}没有消费记录。',
  },
  'answer.account.spending.received.none': {
    en: "You haven't received anything {merchant} {source} {period}.",
    zh: '您{period}{source}{merchant}没有收入记录。',
  },
  'answer.account.spending.sent': {
    en: 'You sent {total} {merchant} {source} {period}, in {count}.',
    zh: '您{period}{source}{merchant}共转账{count}，合计{total}。',
  },
  'answer.account.spending.sent.none': {
    en: "You haven't sent anything {merchant} {source} {period}.",
    zh: '您{period}{source}没有{merchant}转账的记录。',
  },
  'answer.account.spending.pay': {
    en: 'Your pay {source} {period} came to {total}, in {count}.',
    zh: '您{period}{source}的工资收入共{count}，合计{total}。',
  },
  'answer.account.spending.pay.one': {
    en: 'Your pay {source} {period} was {total}, paid in on {date}.',
    zh: '您{period}{source}的工资是{total}，{date}到账。',
  },
  'answer.spending.source.spent': { en: 'with {name}', zh: '用{name}' },
  'answer.spending.source.sent': { en: 'from {name}', zh: '从{name}' },
  'answer.spending.source.received': { en: 'into {name}', zh: '{name}' },
  'answer.spending.merchant.spent': { en: 'at {merchant}', zh: '在{merchant}' },
  'answer.spending.merchant.received': { en: 'from {merchant}', zh: '从{merchant}' },
  'answer.spending.merchant.sent': { en: 'to {merchant}', zh: '向{merchant}' },

  // card.bill, card.limit, card.list
  'answer.card.bill': {
    en: 'Your {card} statement balance is {statement}. The minimum payment of {minimum} is due by {due}, and your current balance is {current}.',
    zh: '您的{card}本期账单金额为{statement}，最低还款额{minimum}，到期还款日是{due}。当前欠款{current}。',
    elderly: {
      en: 'Your {card} bill is {statement}. The minimum is {minimum}. Please pay by {due}.',
      zh: '您的{card}本期账单{statement}。最低还款{minimum}。请在{due}前还款。',
    },
  },
  'answer.card.bill.nodate': {
    en: 'Your {card} statement balance is {statement}, with a minimum payment of {minimum}. Your current balance is {current}.',
    zh: '您的{card}本期账单金额为{statement}，最低还款额{minimum}。当前欠款{current}。',
  },
  'answer.card.bill.nothing_due': {
    en: 'Your {card} has nothing due on its statement. Your current balance is {current}.',
    zh: '您的{card}本期没有应还款项，当前欠款{current}。',
  },
  'answer.card.debit_has_no_bill': {
    en: 'Your {card} is a debit card, so it has no bill: it spends straight from your account.',
    zh: '您的{card}是借记卡，没有账单，消费直接从账户扣款。',
  },
  'answer.card.limit': {
    en: 'Your {card} has a credit limit of {limit}, and {available} is available now.',
    zh: '您的{card}信用额度为{limit}，当前可用额度{available}。',
  },
  'answer.card.debit_has_no_limit': {
    en: "Your {card} is a debit card, so it has no credit limit: it spends what's in its account.",
    zh: '您的{card}是借记卡，没有信用额度，消费使用账户里的余额。',
  },
  'answer.card.no_credit_card': { en: "You don't have a credit card with us.", zh: '您在我行没有信用卡。' },
  'answer.card.unknown': { en: "I couldn't find that card.", zh: '没有找到这张卡。' },
  'answer.card.list': { en: 'You have {count} cards: {items}.', zh: '您有{count}张卡：{items}。' },
  'answer.card.list.one': { en: 'You have one card: {items}.', zh: '您有1张卡：{items}。' },
  'answer.card.list.more': {
    en: 'You have {count} cards. The first five: {items}.',
    zh: '您共有{count}张卡，前5张是：{items}。',
  },
  'answer.card.list.none': { en: "You don't have any cards with us.", zh: '您在我行还没有卡。' },
  'answer.card.list.item': { en: '{card}, a {type} card, {status}', zh: '{card}，{type}，{status}' },
  'answer.card.type.credit': { en: 'credit', zh: '信用卡' },
  'answer.card.type.debit': { en: 'debit', zh: '借记卡' },
  'answer.card.status.active': { en: 'active', zh: '状态正常' },
  'answer.card.status.frozen': { en: 'frozen', zh: '已冻结' },
  'answer.card.status.blocked': { en: 'blocked', zh: '已挂失停用' },
  'answer.card.status.inactive': { en: 'not yet activated', zh: '未激活' },

  // transfer.limit, transfer.status, transfer.list_scheduled, payee.list
  'answer.transfer.limit': {
    en: "Your daily transfer limit is {limit}. You've sent {used} today, so you can send {remaining} more.",
    zh: '您的每日转账限额是{limit}，今天已转出{used}，还可以转{remaining}。',
  },
  'answer.transfer.limit.unused': {
    en: "Your daily transfer limit is {limit}. You haven't sent anything today, so all of it is available.",
    zh: '您的每日转账限额是{limit}，今天还没有转出，全部额度都可以使用。',
  },
  'answer.transfer.limit.none': {
    en: "There's no daily limit on your transfers.",
    zh: '您的转账没有每日限额。',
  },
  'answer.transfer.limit.change': {
    en: 'To change it, use the transfer settings in the app, or I can connect you to a colleague. Would you like that?',
    zh: '如需调整限额，可以在手机银行的转账设置里修改，也可以由我为您转接同事。需要现在转接吗？',
  },
  'answer.transfer.status.completed': {
    en: 'Your transfer of {amount} to {to} on {date} went through. The reference is {reference}.',
    zh: '您{date}转给{to}的{amount}已经成功转出，参考号{reference}。',
  },
  'answer.transfer.status.executed': {
    en: 'Your scheduled transfer of {amount} to {to} ran on {date} and went through. The reference is {reference}.',
    zh: '您预约转给{to}的{amount}已于{date}成功转出，参考号{reference}。',
  },
  'answer.transfer.status.scheduled': {
    en: 'Your transfer of {amount} to {to} is scheduled for {date}{repeat}. The reference is {reference}.',
    zh: '您转给{to}的{amount}已预约在{date}执行{repeat}，参考号{reference}。',
  },
  'answer.transfer.status.cancelled': {
    en: 'Your transfer of {amount} to {to} on {date} was cancelled, so nothing was sent.',
    zh: '您{date}转给{to}的{amount}已经取消，没有转出任何款项。',
  },
  'answer.transfer.status.failed': {
    en: "Your transfer of {amount} to {to} on {date} didn't go through, so nothing was sent. The reference is {reference}.",
    zh: '您{date}转给{to}的{amount}没有成功，款项未转出，参考号{reference}。',
  },
  'answer.transfer.repeat': { en: ', repeating {frequency}', zh: '，之后{frequency}重复' },
  'answer.transfer.status.none': {
    en: "I can't find any transfers you've made recently.",
    zh: '没有查到您最近的转账记录。',
  },
  'answer.transfer.status.none_to': {
    en: "I can't find a transfer to {payee}.",
    zh: '没有查到转给{payee}的转账记录。',
  },
  'answer.or': { en: '{a} or {b}', zh: '{a}或{b}' },
  'answer.transfer.scheduled': {
    en: 'You have {count} scheduled transfers: {items}.',
    zh: '您有{count}笔预约转账：{items}。',
  },
  'answer.transfer.scheduled.one': {
    en: 'You have one scheduled transfer: {items}.',
    zh: '您有1笔预约转账：{items}。',
  },
  'answer.transfer.scheduled.more': {
    en: 'You have {count} scheduled transfers. The next five: {items}.',
    zh: '您共有{count}笔预约转账，最近5笔是：{items}。',
  },
  'answer.transfer.scheduled.none': {
    en: "You don't have any scheduled transfers.",
    zh: '您目前没有预约转账。',
  },
  'answer.transfer.scheduled.item': { en: '{amount} to {to} on {date}', zh: '{date}转给{to}{amount}' },
  'answer.transfer.scheduled.item.recurring': {
    en: '{amount} to {to} {frequency}, next on {date}',
    zh: '{frequency}转给{to}{amount}，下次在{date}',
  },
  'answer.frequency.weekly': { en: 'every week', zh: '每周' },
  'answer.frequency.biweekly': { en: 'every two weeks', zh: '每两周' },
  'answer.frequency.monthly': { en: 'every month', zh: '每月' },
  'answer.party.account': { en: 'your account', zh: '您的账户' },
  'answer.party.card': { en: 'your card', zh: '您的卡' },
  'answer.party.payee': { en: 'a payee', zh: '收款人' },
  'answer.party.biller': { en: 'a biller', zh: '缴费单位' },
  'answer.party.topup.mobile': { en: 'the phone ending {last4}', zh: '尾号{last4}的手机' },
  'answer.party.topup.transit': { en: 'the transit card ending {last4}', zh: '尾号{last4}的交通卡' },
  'answer.payee.list': {
    en: 'You have {count} saved payees: {names}.',
    zh: '您保存了{count}位收款人：{names}。',
  },
  'answer.payee.list.one': { en: 'You have one saved payee: {names}.', zh: '您保存了1位收款人：{names}。' },
  'answer.payee.list.none': { en: "You don't have any saved payees yet.", zh: '您还没有保存收款人。' },

  // bill.list, bill.history
  'answer.bill.list': {
    en: 'You have {count} saved billers: {names}.',
    zh: '您保存了{count}个缴费项目：{names}。',
  },
  'answer.bill.list.one': {
    en: '{biller} is saved, with account reference {reference}.',
    zh: '您已保存{biller}，缴费户号{reference}。',
  },
  'answer.bill.list.how': {
    en: 'To pay one, just say, for example, "pay {biller}".',
    zh: '需要缴费时，您可以直接说“给{biller}缴费”。',
  },
  'answer.bill.list.how.one': {
    en: 'To pay it, just say "pay {biller}".',
    zh: '需要缴费时，您可以直接说“给{biller}缴费”。',
  },
  'answer.bill.list.none': { en: "You don't have any saved billers yet.", zh: '您还没有保存缴费项目。' },
  'answer.bill.history': { en: 'Your recent {what}: {items}.', zh: '您最近{what}：{items}。' },
  'answer.bill.history.none': { en: "I couldn't find any {what}.", zh: '没有找到您{what}。' },
  'answer.bill.history.what': { en: 'bill payments {period}', zh: '{period}的缴费记录' },
  'answer.bill.history.what.to': { en: 'payments to {biller} {period}', zh: '{period}给{biller}的缴费记录' },
  'answer.bill.history.latest': { en: 'Your last {what}: {items}.', zh: '您最近一笔{what}：{items}。' },
  'answer.bill.history.what.one': { en: 'bill payment {period}', zh: '{period}的缴费' },
  'answer.bill.history.what.to.one': { en: 'payment to {biller} {period}', zh: '{period}给{biller}的缴费' },
  'answer.bill.history.item': { en: '{date}, {biller}, {amount}', zh: '{date}向{biller}缴费{amount}' },

  // branch.find, atm.find
  'answer.places.nearest.branch': {
    en: 'The nearest branch {service} is {name}, at {address}, {distance} away.',
    zh: '离您最近的{service}网点是{name}，地址：{address}，距离约{distance}。',
    elderly: {
      en: 'The nearest branch is {name}, {distance} away.',
      zh: '离您最近的网点是{name}，距离约{distance}。',
    },
  },
  'answer.places.nearest.branch.nodistance': {
    en: 'The nearest branch {service} is {name}, at {address}.',
    zh: '最近的{service}网点是{name}，地址：{address}。',
  },
  'answer.places.nearest.branch.near': {
    en: 'The nearest branch {service} to {place} is {name}, at {address}, {distance} from there.',
    zh: '离{place}最近的{service}网点是{name}，地址：{address}，距离那里约{distance}。',
  },
  'answer.places.nearest.branch.near.nodistance': {
    en: 'The branch {service} at {place} is {name}, at {address}.',
    zh: '{place}的{service}网点是{name}，地址：{address}。',
  },
  'answer.places.nearest.atm': {
    en: 'The nearest cash machine {service} is at {name}, {address}, {distance} away.',
    zh: '离您最近的{service}取款机在{name}，地址：{address}，距离约{distance}。',
    elderly: {
      en: 'The nearest cash machine is at {name}, {distance} away.',
      zh: '离您最近的取款机在{name}，距离约{distance}。',
    },
  },
  'answer.places.nearest.atm.nodistance': {
    en: 'The nearest cash machine {service} is at {name}, {address}.',
    zh: '最近的{service}取款机在{name}，地址：{address}。',
  },
  'answer.places.nearest.atm.near': {
    en: 'The nearest cash machine {service} to {place} is at {name}, {address}, {distance} from there.',
    zh: '离{place}最近的{service}取款机在{name}，地址：{address}，距离那里约{distance}。',
  },
  'answer.places.nearest.atm.near.nodistance': {
    en: 'The cash machine {service} at {place} is at {name}, {address}.',
    zh: '{place}的{service}取款机在{name}，地址：{address}。',
  },
  'answer.places.nearest.branch.named': {
    en: '{name} is at {address}, {distance} from you.',
    zh: '{name}的地址是{address}，离您约{distance}。',
  },
  'answer.places.nearest.branch.named.nodistance': {
    en: '{name} is at {address}.',
    zh: '{name}的地址是{address}。',
  },
  'answer.places.nearest.atm.named': {
    en: '{name} is at {address}, {distance} from you.',
    zh: '{name}的地址是{address}，离您约{distance}。',
  },
  'answer.places.nearest.atm.named.nodistance': {
    en: '{name} is at {address}.',
    zh: '{name}的地址是{address}。',
  },
  'answer.places.has.atm': { en: '{name} has a cash machine.', zh: '{name}设有取款机。' },
  'answer.places.has.service': { en: '{name} offers {service}.', zh: '{name}提供{service}。' },
  'answer.places.no.atm': { en: "{name} doesn't have a cash machine.", zh: '{name}没有取款机。' },
  'answer.places.no.service': { en: "{name} doesn't offer {service}.", zh: '{name}不提供{service}。' },
  'answer.places.at': {
    en: "It's at {address}, {distance} from you.",
    zh: '地址是{address}，离您约{distance}。',
  },
  'answer.places.at.nodistance': { en: "It's at {address}.", zh: '地址是{address}。' },
  'answer.places.kind.branch': { en: 'branches', zh: '网点' },
  'answer.places.kind.atm': { en: 'cash machines', zh: '取款机' },
  'answer.places.open.now': { en: 'Open now: {items}.', zh: '现在营业的{what}有：{items}。' },
  'answer.places.open.day': { en: 'Open on {date}: {items}.', zh: '{date}营业的{what}有：{items}。' },
  'answer.places.open.weekend': { en: 'Open at the weekend: {items}.', zh: '周末营业的{what}有：{items}。' },
  'answer.places.open.now.none': {
    en: 'None of our {what} is open right now.',
    zh: '现在没有营业的{what}。',
  },
  'answer.places.open.day.none': {
    en: 'None of our {what} is open on {date}.',
    zh: '{date}没有营业的{what}。',
  },
  'answer.places.open.weekend.none': {
    en: 'None of our {what} is open at the weekend.',
    zh: '周末没有营业的{what}。',
  },
  'answer.places.open.item': { en: '{name}, {hours}', zh: '{name}（{hours}）' },
  'answer.places.open.item.until': { en: '{name}, until {until}', zh: '{name}（营业到{until}）' },
  'answer.places.open.item.always': { en: '{name}, open 24 hours', zh: '{name}（24小时营业）' },
  'answer.places.open.item.weekend': {
    en: '{name}, Saturday {saturday}, Sunday {sunday}',
    zh: '{name}（周六{saturday}，周日{sunday}）',
  },
  'answer.places.with_service': { en: 'with {service}', zh: '提供{service}的' },
  'answer.places.near': { en: 'near {place}', zh: '{place}附近' },
  'answer.places.open_now': {
    en: "It's open now, {hours} today.",
    zh: '现在正在营业，今天的营业时间是{hours}。',
  },
  'answer.places.closed_now': {
    en: "It's closed right now; today's hours are {hours}.",
    zh: '现在不在营业时间，今天的营业时间是{hours}。',
  },
  'answer.places.closed_today': { en: "It's closed today.", zh: '今天不营业。' },
  'answer.places.open_24h': { en: "It's open 24 hours.", zh: '24小时营业。' },
  'answer.places.others': { en: 'Also nearby: {items}.', zh: '附近还有{items}。' },
  'answer.places.alternative': { en: '{name}, {distance}', zh: '{name}（{distance}）' },
  'answer.places.none.branch': {
    en: "Sorry, I couldn't find a branch {service} {near}.",
    zh: '抱歉，没有找到{near}{service}网点。',
  },
  'answer.places.none.atm': {
    en: "Sorry, I couldn't find a cash machine {service} {near}.",
    zh: '抱歉，没有找到{near}{service}取款机。',
  },
  'answer.places.unknown_place': {
    en: "I don't know where {place} is, so I looked near you.",
    zh: '我不确定{place}在哪里，先为您查找您附近的。',
  },
  'answer.places.no_location': {
    en: 'I don\'t know where you are. Tell me a place, for example "the nearest branch to Times Square".',
    zh: '我不知道您现在的位置。请告诉我一个地点，比如“人民广场附近的网点”。',
  },
  'answer.service.foreign-exchange': { en: 'foreign exchange', zh: '外汇业务' },
  'answer.service.safe-deposit': { en: 'safe deposit boxes', zh: '保险箱' },
  'answer.service.cash': { en: 'cash services', zh: '现金业务' },
  'answer.service.wealth': { en: 'wealth management', zh: '理财服务' },
  'answer.service.mortgage': { en: 'mortgage advice', zh: '房贷业务' },
  'answer.service.deposit': { en: 'cash deposits', zh: '存款' },
  'answer.service.24h': { en: '24-hour access', zh: '24小时服务' },
  'answer.service.other': { en: '{service}', zh: '{service}' },

  // branch.hours, branch.phone
  'answer.branch.hours.today.open': {
    en: "{name} is open today {hours}, and it's open now.",
    zh: '{name}今天的营业时间是{hours}，现在正在营业。',
  },
  'answer.branch.hours.today.shut': {
    en: "{name} is open today {hours}, but it's closed right now.",
    zh: '{name}今天的营业时间是{hours}，现在不在营业时间。',
  },
  'answer.branch.hours.today.closed': { en: '{name} is closed today.', zh: '{name}今天不营业。' },
  'answer.branch.hours.day': {
    en: 'On {date}, {name} is open {hours}.',
    zh: '{date}，{name}的营业时间是{hours}。',
  },
  'answer.branch.hours.day.closed': { en: '{name} is closed on {date}.', zh: '{date}，{name}不营业。' },
  'answer.branch.hours.weekend': {
    en: '{name} at the weekend: Saturday, {saturday}; Sunday, {sunday}.',
    zh: '{name}周末营业时间：周六{saturday}，周日{sunday}。',
  },
  'answer.branch.hours.closed': { en: 'closed', zh: '不营业' },
  'answer.branch.phone': {
    en: '{name} is at {address}, and its phone number is {phone}.',
    zh: '{name}的地址是{address}，电话是{phone}。',
  },
  'answer.branch.phone.none': {
    en: "{name} is at {address}. I don't have its phone number.",
    zh: '{name}的地址是{address}，暂时没有它的电话号码。',
  },

  // rates.exchange
  'answer.rates.rate': { en: 'One {from} is {rate} {to}.', zh: '现在1{from}可以兑换{rate}{to}。' },
  'answer.rates.convert': { en: '{amount} converts to {converted}.', zh: '{amount}可以兑换{converted}。' },
  'answer.rates.same': {
    en: "That's the same currency, so there's nothing to convert.",
    zh: '这是同一种货币，不需要兑换。',
  },
  'answer.rates.unknown': {
    en: "I don't have an exchange rate between {from} and {to}.",
    zh: '暂时没有{from}和{to}之间的汇率。',
  },
  'answer.currency.USD': { en: 'US dollar', zh: '美元' },
  'answer.currency.CNY': { en: 'Chinese yuan', zh: '人民币' },
  'answer.currency.EUR': { en: 'euro', zh: '欧元' },
  'answer.currency.GBP': { en: 'British pound', zh: '英镑' },
  'answer.currency.JPY': { en: 'Japanese yen', zh: '日元' },
  'answer.currency.HKD': { en: 'Hong Kong dollar', zh: '港币' },
  'answer.currency.KRW': { en: 'South Korean won', zh: '韩元' },
  'answer.currency.AUD': { en: 'Australian dollar', zh: '澳元' },
  'answer.currency.CAD': { en: 'Canadian dollar', zh: '加元' },
  'answer.currency.SGD': { en: 'Singapore dollar', zh: '新加坡元' },
  'answer.currency.CHF': { en: 'Swiss franc', zh: '瑞士法郎' },
  'answer.currency.USD.many': { en: 'US dollars', zh: '美元' },
  'answer.currency.CNY.many': { en: 'Chinese yuan', zh: '人民币' },
  'answer.currency.EUR.many': { en: 'euros', zh: '欧元' },
  'answer.currency.GBP.many': { en: 'British pounds', zh: '英镑' },
  'answer.currency.JPY.many': { en: 'Japanese yen', zh: '日元' },
  'answer.currency.HKD.many': { en: 'Hong Kong dollars', zh: '港币' },
  'answer.currency.KRW.many': { en: 'South Korean won', zh: '韩元' },
  'answer.currency.AUD.many': { en: 'Australian dollars', zh: '澳元' },
  'answer.currency.CAD.many': { en: 'Canadian dollars', zh: '加元' },
  'answer.currency.SGD.many': { en: 'Singapore dollars', zh: '新加坡元' },
  'answer.currency.CHF.many': { en: 'Swiss francs', zh: '瑞士法郎' },

  // loan.balance, loan.payment_due, deposit.maturity
  'answer.loan.balance': { en: 'You owe {amount} on your {account}.', zh: '您的{account}还欠{amount}。' },
  'answer.loan.balance.rate': {
    en: 'You owe {amount} on your {account}, at {rate}% a year.',
    zh: '您的{account}还欠{amount}，年利率{rate}%。',
  },
  'answer.loan.payment': {
    en: 'The next payment on your {account} is {amount}, due on {date}.',
    zh: '您的{account}下一期应还{amount}，还款日是{date}。',
  },
  'answer.loan.payment.none': {
    en: "There's no payment due on your {account} right now.",
    zh: '您的{account}目前没有待还款项。',
  },
  'answer.loan.paid_off': { en: 'Your {account} is paid off.', zh: '您的{account}已经还清。' },
  'answer.loan.none': { en: "You don't have a loan with us.", zh: '您在我行没有贷款。' },
  'answer.deposit.maturity': {
    en: 'Your {account} of {amount} matures on {date}.',
    zh: '您的{account}（{amount}）将于{date}到期。',
  },
  'answer.deposit.open_ended': {
    en: 'Your {account} of {amount} has no maturity date.',
    zh: '您的{account}（{amount}）没有到期日。',
  },
  'answer.deposit.at_maturity': {
    en: 'In the app you can choose whether it renews or is paid out when it matures.',
    zh: '到期后是自动续存还是转回活期，可以在手机银行里设置。',
  },
  'answer.deposit.early': {
    en: 'Taking it out early usually earns a lower rate, and a colleague can arrange it. Shall I connect you?',
    zh: '提前支取通常按较低的利率计息，可以由同事为您办理。需要现在为您转接吗？',
  },
  'answer.deposit.none': { en: "You don't have any time deposits with us.", zh: '您在我行没有定期存款。' },

  // profile.view
  'answer.profile.view': {
    en: 'I have you as {name}, with a phone number ending {last4}.',
    zh: '您登记的姓名是{name}，手机号尾号{last4}。',
  },
  'answer.profile.view.nophone': {
    en: 'I have you as {name}, with no phone number on file.',
    zh: '您登记的姓名是{name}，没有登记手机号。',
  },
  'answer.profile.more': {
    en: 'You can see and change your address and email in the app, under my profile.',
    zh: '地址和邮箱可以在手机银行的个人信息里查看和修改。',
  },

  // FAQ and fallbacks
  'answer.faq.offer': { en: 'Shall I connect you now?', zh: '需要现在为您转接吗？' },
  'answer.unknown': { en: "Sorry, I can't answer that yet.", zh: '抱歉，这个问题我暂时还无法回答。' },
});
