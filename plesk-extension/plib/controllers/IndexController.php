<?php
/**
 * The extension's pages. "open" (the navigation button) signs the Plesk user in to the sync
 * console through a fresh hand-off and sends the browser there; "settings" (admin) stores where
 * the console is and the shared secret.
 */
class IndexController extends pm_Controller_Action
{
    public function indexAction()
    {
        $this->view->pageTitle = $this->lmsg('pageTitle');
        $this->view->configured = Modules_VoipnowSync_Settings::isComplete();
        $this->view->isAdmin = pm_Session::getClient()->isAdmin();
        $this->view->openUrl = pm_Context::getActionUrl('index', 'open');
        $this->view->settingsUrl = pm_Context::getActionUrl('index', 'settings');
    }

    public function openAction()
    {
        if (!Modules_VoipnowSync_Settings::isComplete()) {
            $this->_forward('index');
            return;
        }
        $user = Modules_VoipnowSync_PleskUser::fromSession();
        $handoff = Modules_VoipnowSync_HandOff::create($user, Modules_VoipnowSync_Settings::server(), Modules_VoipnowSync_Settings::secret());
        // A fresh hand-off per click, never cached: it works once, for a minute.
        $this->getResponse()->setHeader('Cache-Control', 'no-store', true);
        $this->getResponse()->setHeader('Referrer-Policy', 'no-referrer', true);
        $this->_redirect(Modules_VoipnowSync_HandOff::url(Modules_VoipnowSync_Settings::handoffUrl(), $handoff), ['prependBase' => false]);
    }

    public function settingsAction()
    {
        if (!pm_Session::getClient()->isAdmin()) {
            throw new pm_Exception($this->lmsg('adminOnly'));
        }
        $this->view->pageTitle = $this->lmsg('settingsTitle');
        $form = new pm_Form_Simple();
        $form->addElement('text', 'handoffUrl', [
            'label' => $this->lmsg('handoffUrlLabel'),
            'description' => $this->lmsg('handoffUrlHint'),
            'value' => Modules_VoipnowSync_Settings::handoffUrl(),
            'required' => true,
            'validators' => [['Regex', true, ['pattern' => '#^https?://[^\s/]+/#']]],
        ]);
        $form->addElement('text', 'pleskServer', [
            'label' => $this->lmsg('serverLabel'),
            'description' => $this->lmsg('serverHint'),
            'value' => Modules_VoipnowSync_Settings::server(),
            'required' => true,
            'validators' => [['Regex', true, ['pattern' => '/^[a-z0-9][a-z0-9_-]{0,39}$/']]],
        ]);
        $form->addElement('password', 'sharedSecret', [
            'label' => $this->lmsg('secretLabel'),
            'description' => Modules_VoipnowSync_Settings::secret() === '' ? $this->lmsg('secretNotSet') : $this->lmsg('secretSet'),
            'required' => Modules_VoipnowSync_Settings::secret() === '',
            'validators' => [['StringLength', true, ['min' => 32]]],
        ]);
        $form->addControlButtons(['cancelLink' => pm_Context::getBaseUrl()]);

        if ($this->getRequest()->isPost() && $form->isValid($this->getRequest()->getPost())) {
            Modules_VoipnowSync_Settings::save($form->getValue('handoffUrl'), $form->getValue('pleskServer'), (string) $form->getValue('sharedSecret'));
            $this->_status->addMessage('info', $this->lmsg('saved'));
            $this->_helper->json(['redirect' => pm_Context::getBaseUrl()]);
            return;
        }
        $this->view->form = $form;
    }
}
